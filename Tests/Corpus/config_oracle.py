"""Oracle for migcheck's config readers: Python's configparser (as Alembic reads alembic.ini)
and tomllib (pyproject.toml). Reads a JSON list of {"kind": "ini"|"toml", "base64": file bytes} on stdin
and prints a JSON list, one result per file, in order:
  ini:  {"error": message} or {"sections": [...], "values": {section: {key: value or null}}}
        (null: the value's interpolation fails); `here` is "/fuzz", as the test passes it.
  toml: {"error": message} or {"ok": true}
"""
import base64
import configparser
import io
import json
import sys
import tomllib


def read_ini(data):
    parser = configparser.ConfigParser({"here": "/fuzz"})
    try:
        # Alembic reads with the locale's encoding (UTF-8 here); migcheck also accepts a BOM.
        # As open() reads a file: universal newlines.
        parser.read_file(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig"))
    except (configparser.Error, UnicodeDecodeError) as error:
        return {"error": f"{type(error).__name__}: {error}"}
    values = {}
    for section in parser.sections():
        values[section] = {}
        for key in parser.options(section):
            try:
                values[section][key] = parser.get(section, key)
            except configparser.Error:
                values[section][key] = None
    return {"sections": parser.sections(), "values": values}


def read_toml(data):
    try:
        tomllib.load(io.BytesIO(data))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        return {"error": f"{type(error).__name__}: {error}"}
    return {"ok": True}


def main():
    out = []
    for item in json.load(sys.stdin):
        data = base64.b64decode(item["base64"])
        out.append(read_ini(data) if item["kind"] == "ini" else read_toml(data))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
