"""Independent frame extraction for FrameTests: pydicom 2.3 (Debian python3-pydicom) and numpy.

For every sample outside malformed/ with Pixel Data and more than one frame (or encapsulated Pixel Data of
several fragments), writes one line per frame: path, frame index, length in bytes, SHA-256 of the frame's bytes.
  encapsulated: pydicom.encaps.generate_pixel_data_frame (Basic Offset Table, else JPEG markers / Number of Frames)
  native:       frames of ds.pixel_array re-encoded as stored (little endian; 1-bit data packed LSB first)

Regenerate: /usr/bin/python3 tests/Dicom.Tests/Reference/frames_pydicom.py ../shared/dicom-samples > tests/Dicom.Tests/Reference/frames.tsv
"""
import hashlib
import os
import sys
import warnings

import numpy as np
import pydicom
from pydicom.encaps import generate_pixel_data_fragment, generate_pixel_data_frame, get_frame_offsets
from pydicom.filebase import DicomBytesIO

warnings.simplefilter("ignore")


def fragment_count(value):
    fp = DicomBytesIO(value)
    fp.is_little_endian = True
    get_frame_offsets(fp)
    return sum(1 for _ in generate_pixel_data_fragment(fp))


def native_frames(ds, frames):
    arr = ds.pixel_array
    if frames == 1:
        arr = arr[np.newaxis]
    for frame in arr:
        if ds.BitsAllocated == 1:
            yield np.packbits(frame.ravel(), bitorder="little").tobytes()
        else:
            yield frame.astype(frame.dtype.newbyteorder("<")).tobytes()


def main():
    root = sys.argv[1]
    print("path\tframe\tlength\tsha256")
    with open(os.path.join(root, "MANIFEST.tsv"), encoding="utf-8") as manifest:
        rows = [line.split("\t")[0] for line in manifest.read().splitlines()[1:] if line]
    for path in rows:
        if path.startswith("malformed/"):
            continue
        try:
            ds = pydicom.dcmread(os.path.join(root, path), force=True)
        except Exception:
            continue
        if "PixelData" not in ds or ds["PixelData"].value is None:
            continue
        frames = int(ds.get("NumberOfFrames", 1) or 1)
        encapsulated = ds["PixelData"].is_undefined_length
        if encapsulated:
            if frames == 1 and fragment_count(ds.PixelData) == 1:
                continue
            data = generate_pixel_data_frame(ds.PixelData, frames)
        else:
            if frames == 1:
                continue
            data = native_frames(ds, frames)
        for index, frame in enumerate(data):
            print(f"{path}\t{index}\t{len(frame)}\t{hashlib.sha256(frame).hexdigest()}")


if __name__ == "__main__":
    main()
