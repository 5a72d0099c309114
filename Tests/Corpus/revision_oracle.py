"""Static oracle for migcheck's revision-file reader: what Python makes of each file.

Reads a JSON list of files (their bytes in base64) on stdin and prints one JSON object per file (a list, in order):
  {"syntax": message or null, "vars": {variable: view}}
`syntax` is Python's SyntaxError/ValueError from compiling the file (Alembic could not load it).
`vars` holds, for each of revision / down_revision / branch_labels / depends_on that the module
binds, what migcheck should report: for `revision` the string, for the others the list of
strings (None is []), and null for anything else (a non-literal, a value of another type,
an assignment inside a module-level if/for/while/with/try/match block, an augmented assignment
or a tuple-pattern target). Unassigned variables are absent. Nothing is executed: the files are
compiled, never imported.
"""
import ast
import base64
import json
import sys
import warnings

VARS = ("revision", "down_revision", "branch_labels", "depends_on")
BLOCKS = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.With, ast.AsyncWith, ast.Try, ast.Match)
if hasattr(ast, "TryStar"):
    BLOCKS = BLOCKS + (ast.TryStar,)


def view(name, node):
    try:
        value = ast.literal_eval(node)
    except Exception:
        return None
    if name == "revision":
        return value if isinstance(value, str) else None
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (tuple, list)) and all(isinstance(item, str) for item in value):
        return list(value)
    return None


def assigned_in(nodes):
    """Variables bound by plain assignments in these statements, not entering scopes."""
    found = set()
    for node in nodes:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if isinstance(node, ast.Assign):
            for target in node.targets:
                found |= names(target)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and isinstance(node.target, ast.Name):
            if not isinstance(node, ast.AnnAssign) or node.value is not None:
                found.add(node.target.id)
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            found |= assigned_in(getattr(node, field, []) or [])
    return found & set(VARS)


def names(target):
    if isinstance(target, ast.Name):
        return {target.id}
    if isinstance(target, (ast.Tuple, ast.List)):
        return set().union(*(names(item) for item in target.elts)) if target.elts else set()
    if isinstance(target, ast.Starred):
        return names(target.value)
    return set()


def analyse(source):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(source, "<revision>", "exec", dont_inherit=True)
            tree = ast.parse(source)
        except (SyntaxError, ValueError) as error:
            return {"syntax": f"{type(error).__name__}: {error}", "vars": {}}
    result = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id in VARS:
                    result[target.id] = view(target.id, node.value)
                else:
                    for name in names(target) & set(VARS):
                        result[name] = None
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id in VARS:
            if node.value is not None:
                result[node.target.id] = view(node.target.id, node.value)
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name) and node.target.id in VARS:
            result[node.target.id] = None
        elif isinstance(node, BLOCKS):
            for name in assigned_in([node]):
                result[name] = None
    return {"syntax": None, "vars": result}


def main():
    out = []
    for encoded in json.load(sys.stdin):
        out.append(analyse(base64.b64decode(encoded)))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
