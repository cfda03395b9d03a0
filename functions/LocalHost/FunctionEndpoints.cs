using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace Serverless.LocalHost;

/// <summary>
/// Serves the function app's HTTP functions over Kestrel, the way the Functions host does: it reads each
/// method's [Function] and [HttpTrigger] (methods and route) and binds HttpRequest, route values and the
/// CancellationToken by name. The function classes are the very same ones deployed to Azure.
/// </summary>
public static class FunctionEndpoints
{
    public sealed record HttpFunction(string Name, Type Class, MethodInfo Method, string[] Methods, string Route);

    /// <summary>Every HTTP-triggered function in the assembly.</summary>
    public static IReadOnlyList<HttpFunction> Discover(Assembly assembly)
    {
        var found = new List<HttpFunction>();
        foreach (Type type in assembly.GetExportedTypes())
        {
            foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            {
                FunctionAttribute? function = method.GetCustomAttribute<FunctionAttribute>();
                if (function is null) continue;
                foreach (ParameterInfo p in method.GetParameters())
                {
                    if (p.GetCustomAttribute<HttpTriggerAttribute>() is { } trigger)
                        found.Add(new HttpFunction(function.Name, type, method, trigger.Methods ?? ["get", "post"], trigger.Route ?? function.Name));
                }
            }
        }
        return found;
    }

    public static void MapFunctions(this IEndpointRouteBuilder endpoints, Assembly assembly)
    {
        foreach (HttpFunction f in Discover(assembly))
        {
            endpoints.MapMethods("/" + f.Route, f.Methods.Select(m => m.ToUpperInvariant()), context => InvokeAsync(f, context))
                .WithName(f.Name);
        }
    }

    private static async Task InvokeAsync(HttpFunction f, HttpContext context)
    {
        object target = ActivatorUtilities.CreateInstance(context.RequestServices, f.Class);
        ParameterInfo[] parameters = f.Method.GetParameters();
        object?[] args = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            ParameterInfo p = parameters[i];
            if (p.ParameterType == typeof(HttpRequest)) args[i] = context.Request;
            else if (p.ParameterType == typeof(CancellationToken)) args[i] = context.RequestAborted;
            else if (p.ParameterType == typeof(string)) args[i] = context.GetRouteValue(p.Name!) as string;
            else throw new InvalidOperationException($"Function {f.Name}: the local host cannot bind parameter '{p.Name}' of type {p.ParameterType}.");
        }
        var result = (IActionResult)await (Task<IActionResult>)f.Method.Invoke(target, args)!;
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }
}
