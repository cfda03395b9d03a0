namespace Serverless.Archive;
