extension AlembicDriverScript {
    /// The driver's bytecode cache for the files Alembic loads (revision files, env.py).
    ///
    /// The driver runs with `PYTHONDONTWRITEBYTECODE=1`, so no `__pycache__` is ever written into
    /// the project, and Alembic compiles every revision file from source at each start (about 0.4 ms
    /// a file: 0.15–0.2 s on 400–500 revisions). migcheck passes a directory of its cache in
    /// `MIGCHECK_BYTECODE_CACHE`; `alembic.util.pyfiles.load_module_py` (through which Alembic 1.4
    /// to 1.20 load `.py` files) is wrapped to keep each compiled module there, keyed by the SHA-1
    /// of the interpreter's bytecode magic number, the file's path and its content: an edited file
    /// is another key, never stale. An entry that cannot be read (damaged, not a regular file, not
    /// a code object for that path) is compiled again; compile errors are raised exactly as
    /// Alembic's own loader raises them. At most 64 entries per first hex digit pair are kept
    /// (16,384 in all), the oldest removed when one is written; `migcheck clean` removes them all.
    static let bytecodeSource = #"""
        def install_bytecode_cache(directory):
            """Wraps Alembic's load_module_py with the cache in `directory` (see the Swift doc comment)."""
            import hashlib
            import importlib.util
            import marshal
            import stat
            import types
            from alembic.util import pyfiles

            original = pyfiles.load_module_py
            magic = importlib.util.MAGIC_NUMBER

            def read_regular(path):
                """The bytes of a regular file, or None (a FIFO or device must not block)."""
                try:
                    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
                except OSError:
                    return None
                try:
                    if not stat.S_ISREG(os.fstat(fd).st_mode):
                        return None
                    with os.fdopen(fd, "rb", closefd=False) as handle:
                        return handle.read()
                except OSError:
                    return None
                finally:
                    os.close(fd)

            def store(shard, entry, code):
                try:
                    os.makedirs(shard, exist_ok=True)
                    temporary = f"{entry}.{os.getpid()}.tmp"
                    with open(temporary, "wb") as handle:
                        handle.write(marshal.dumps(code))
                    os.replace(temporary, entry)
                    names = [name for name in os.listdir(shard) if not name.endswith(".tmp")]
                    if len(names) > 64:
                        dated = sorted(names, key=lambda name: os.stat(os.path.join(shard, name)).st_mtime)
                        for name in dated[:len(names) - 64]:
                            os.unlink(os.path.join(shard, name))
                except OSError:
                    pass

            def code_for(path, source):
                key = hashlib.sha1(magic + os.fsencode(path) + b"\0" + source).hexdigest()
                shard = os.path.join(directory, key[:2])
                entry = os.path.join(shard, key[2:])
                data = read_regular(entry)
                if data:
                    try:
                        code = marshal.loads(data)
                        if isinstance(code, types.CodeType) and code.co_filename == path:
                            return code
                    except Exception:  # noqa: BLE001 - a damaged entry is compiled again
                        pass
                code = compile(source, path, "exec", dont_inherit=True)
                store(shard, entry, code)
                return code

            def load_module_py(module_id, path):
                text = os.fspath(path)
                source = read_regular(text) if text.endswith(".py") else None
                if source is None:
                    return original(module_id, path)
                spec = importlib.util.spec_from_file_location(module_id, text)
                module = importlib.util.module_from_spec(spec)
                exec(code_for(text, source), module.__dict__)
                return module

            pyfiles.load_module_py = load_module_py
        """#
}
