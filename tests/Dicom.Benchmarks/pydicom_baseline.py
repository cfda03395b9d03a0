"""pydicom baseline for the metadata benchmark (issue 3): the same files, the same job, one thread.

Usage: python3 pydicom_baseline.py SECONDS FILE...
Prints one line per mode: "<mode> files=<n> seconds=<s> files_per_s=<f> mb_per_s=<m> errors=<e>".
  full: dcmread(stop_before_pixels=True), every value decoded, DICOM JSON built with Dataset.to_json_dict.
  lazy: dcmread(stop_before_pixels=True) alone (values left undecoded).
"""
import os
import sys
import time
import warnings

import pydicom

warnings.simplefilter("ignore")
try:
    pydicom.config.settings.reading_validation_mode = pydicom.config.IGNORE
except AttributeError:
    pass


def bulk(_element):
    return "bulk"


def full(path):
    ds = pydicom.dcmread(path, stop_before_pixels=True, force=True)
    ds.to_json_dict(bulk_data_threshold=1024, bulk_data_element_handler=bulk)


def lazy(path):
    pydicom.dcmread(path, stop_before_pixels=True, force=True)


def run(name, job, files, seconds):
    sizes = {f: os.path.getsize(f) for f in files}
    failing = set()
    for f in files:  # warm-up pass; files pydicom cannot do are left out of both the count and the time
        try:
            job(f)
        except Exception:
            failing.add(f)
    ok = [f for f in files if f not in failing]
    done = 0
    total_bytes = 0
    start = time.perf_counter()
    while True:
        for f in ok:
            job(f)
            done += 1
            total_bytes += sizes[f]
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    print(f"{name} files={done} seconds={elapsed:.3f} files_per_s={done / elapsed:.1f} "
          f"mb_per_s={total_bytes / elapsed / 1e6:.1f} errors={len(failing)}", flush=True)


def main():
    seconds = float(sys.argv[1])
    files = sys.argv[2:]
    print(f"pydicom {pydicom.__version__}", flush=True)
    run("full", full, files, seconds)
    run("lazy", lazy, files, seconds)


if __name__ == "__main__":
    main()
