"""Compiled templates kept for the whole process, whichever application compiled them.

Jinja compiles a template once per Environment, and every application (create_app) has its
own. A server builds one application, but the tests build one for nearly every test and
paid 30–70 ms for each template's first page in each of them. Jinja's bytecode cache is the
designed remedy: a compiled template is stored under its name and checked against its
source's checksum when loaded, so an edited template is compiled again."""

from __future__ import annotations

from threading import Lock

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket


class CompiledTemplates(BytecodeCache):
    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}
        self._lock = Lock()

    def load_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        compiled = bucket.bytecode_to_string()
        with self._lock:
            self._compiled[bucket.key] = compiled

    def clear(self) -> None:
        with self._lock:
            self._compiled.clear()


COMPILED = CompiledTemplates()
