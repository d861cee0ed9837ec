"""Every extraction runs in a process of its own, with limits.

The readers are C libraries (pdfium, lxml, libxml2 through python-docx, tesseract) fed files
nobody vouches for. A 435-byte PDF can ask pdfium for gigabytes; a flate bomb makes it abort
the whole process. So each file is read by a fresh child process that

- limits its own address space (RLIMIT_AS), processor time (RLIMIT_CPU) and core dumps
  before it reads a byte of the file; tesseract, antiword and LibreOffice started by the
  reader inherit the limits;
- runs in a process group of its own, killed as a whole when the wall-clock deadline passes,
  so a converter the reader started goes with it;
- answers in JSON, never pickle, and no more text than ``max_text_mb``.

Whatever becomes of the child costs that one file a reason; the caller never notices more.

Children are forked from a *reader server*: one small single-threaded process per caller
process, started on first use (``subprocess``, i.e. fork+exec, which is safe from the
threaded web and harvester processes), with the readers already imported and one child
forked ahead, so a file waits milliseconds for its reader, not the second a fresh
interpreter takes to import them. ``multiprocessing``'s forkserver does the
same, but costs about twice as much per child, re-imports the caller's ``__main__`` module
in every child when the caller ran as ``python -m``, and hides the child's exit status and
resource usage, which the reasons below need (docs/benchmarks.md, docs/architecture.md).

Protocol: the caller holds a SOCK_SEQPACKET control socket to the server. ``F`` (fork) sends
the limits and two descriptors, a socket for the job and the write end of a status pipe; the
server hands the limits and the job socket to the waiting child, answers its pid and forks
the next one; when it has reaped a child it writes its wait status and peak memory to the
status pipe. ``K`` asks the server to kill a child's process
group; only the server, which reaps the children, can do that without risking a reused pid.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import ctypes
import dataclasses
import gc
import importlib
import json
import os
import resource
import select
import selectors
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from typing import Any, NoReturn

from legaldesk.messages import Msg
from legaldesk.pipeline.extract.base import Extraction, ExtractionError, ExtractLimits, TextMethod

_LENGTH = struct.Struct("!Q")
_FORK = struct.Struct("!qq")  # processor seconds, address-space bytes
_PID = struct.Struct("!q")
_STATUS = struct.Struct("!qq")  # wait status, peak resident set in KiB
_EXIT_MEMORY = 86  # the child ran out of memory where Python could still notice
# A child that crashed after using at least this share of its address-space limit is taken
# to have run out of memory: pdfium aborts when an allocation fails, and its buffers grow
# step by step, so the peak is close to the limit (a flate bomb under a 512 MB limit peaked
# at 485 MB); a genuine crash of a normal file happens far below it.
_MEMORY_SHARE = 0.5
_SERVER_TIMEOUT = 60.0  # seconds for the server to start, or to fork a child
_STATUS_TIMEOUT = 10.0
_PR_SET_PDEATHSIG = 1

KINDS = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/msword": "DOC",
    "text/html": "HTML",
    "application/rtf": "RTF",
    "application/xml": "XML",
    "text/plain": "TXT",
}


KINDS_BY_NAME = {kind: media_type for media_type, kind in KINDS.items()}


class _ServerGone(Exception):
    pass


# -- reasons -----------------------------------------------------------------------------


def memory_reason(media_type: str, limits: ExtractLimits) -> Msg:
    return Msg(
        "out of memory: %(kind)s needs more than %(mb)d MB to read",
        kind=KINDS.get(media_type, "the file"),
        mb=limits.memory_mb,
    )


def timeout_reason(limits: ExtractLimits) -> Msg:
    return Msg("too slow: extraction took longer than %(seconds)d s", seconds=round(limits.timeout))


def cpu_reason(limits: ExtractLimits) -> Msg:
    return Msg(
        "too slow: extraction needed more than %(seconds)d s of processor time",
        seconds=limits.cpu_seconds,
    )


def text_reason(limits: ExtractLimits) -> Msg:
    return Msg("too much text: the extracted text is over %(mb)d MB", mb=limits.max_text_mb)


def _death_reason(status: int, peak_kib: int, media_type: str, limits: ExtractLimits) -> Msg:
    """Why a child ended without an answer, from its wait status and peak memory."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number == signal.SIGXCPU:
            return cpu_reason(limits)
        if peak_kib * 1024 >= _MEMORY_SHARE * limits.memory_mb * 1024 * 1024:
            return memory_reason(media_type, limits)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = "unknown"
        return Msg("the reader crashed: signal %(number)d (%(name)s)", number=number, name=name)
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1
    if code == _EXIT_MEMORY:
        return memory_reason(media_type, limits)
    return Msg("the reader crashed: exit code %(code)d", code=code)


def _reason_to_json(reason: object) -> dict[str, Any]:
    if isinstance(reason, Msg):
        params = {
            k: _reason_to_json(v) if isinstance(v, Msg) else v for k, v in reason.params.items()
        }
        return {"template": reason.template, "params": params}
    return {"text": str(reason)}


def _reason_from_json(value: Any) -> str:
    if isinstance(value, dict):
        if isinstance(value.get("text"), str):
            return str(value["text"])
        template, params = value.get("template"), value.get("params")
        if isinstance(template, str) and isinstance(params, dict):
            # A value that is a message itself (the reason inside a warning) stays one, so
            # that each part is translated where the warning is shown.
            clean = {
                str(k): _reason_from_json(v) if isinstance(v, dict) else v
                for k, v in params.items()
                if isinstance(v, str | int | float | dict)
            }
            if len(clean) == len(params):
                try:
                    return Msg(template, **clean)
                except (KeyError, TypeError, ValueError):
                    pass
    raise ValueError("malformed reason")


# -- framing -------------------------------------------------------------------------------


def _remaining(deadline: float | None) -> float | None:
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError
    return left


def _send_frame(sock: socket.socket, payload: bytes, deadline: float | None = None) -> None:
    sock.settimeout(_remaining(deadline))
    sock.sendall(_LENGTH.pack(len(payload)))
    sock.settimeout(_remaining(deadline))
    sock.sendall(payload)


def _recv_exact(sock: socket.socket, size: int, deadline: float | None) -> bytes:
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        sock.settimeout(_remaining(deadline))
        n = sock.recv_into(view[got:], size - got)
        if n == 0:
            raise EOFError
        got += n
    return bytes(buffer)


def _recv_frame(sock: socket.socket, max_size: int, deadline: float | None = None) -> bytes:
    (size,) = _LENGTH.unpack(_recv_exact(sock, _LENGTH.size, deadline))
    if size > max_size:
        raise OverflowError(size)
    return _recv_exact(sock, size, deadline)


# -- the caller's side --------------------------------------------------------------------


class _Server:
    """The caller's handle on its reader server."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        code = (
            "import sys, json; sys.path[:] = json.loads(sys.argv[2]); "
            "from legaldesk.pipeline.extract.isolation import serve; serve(int(sys.argv[1]))"
        )
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", code, str(theirs.fileno()), json.dumps(sys.path)],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                # The caller's stdout may be a JSON summary; a library's chatter must not
                # end up in it. Its stderr is kept for diagnostics.
                stdout=subprocess.DEVNULL,
            )
        finally:
            theirs.close()
        self.sock = ours
        self.lock = threading.Lock()
        # Bounded waits on the server too: one that stops answering is replaced, not
        # waited for forever (a late answer would then be read as the next one's).
        self.sock.settimeout(_SERVER_TIMEOUT)
        try:
            ready = self.sock.recv(16)
        except OSError:
            ready = b""
        if ready != b"R":
            self.close()
            raise ExtractionError("internal error: the reader process could not start")

    def alive(self) -> bool:
        return self.process.poll() is None

    def fork(self, job: socket.socket, status_w: int, limits: ExtractLimits) -> int:
        request = b"F" + _FORK.pack(limits.cpu_seconds, limits.memory_mb * 1024 * 1024)
        with self.lock:
            try:
                socket.send_fds(self.sock, [request], [job.fileno(), status_w])
                reply = self.sock.recv(16)
            except OSError as exc:
                raise _ServerGone from exc
        if len(reply) != _PID.size:
            raise _ServerGone
        return int(_PID.unpack(reply)[0])

    def kill(self, pid: int) -> None:
        with self.lock, contextlib.suppress(OSError):
            self.sock.send(b"K" + _PID.pack(pid))

    def close(self) -> None:
        # The server reads end-of-file, kills what it still runs, and exits.
        self.sock.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


_lock = threading.Lock()
_server: _Server | None = None


def _get_server(restart: _Server | None = None) -> _Server:
    global _server
    with _lock:
        if _server is not None and (_server is restart or not _server.alive()):
            _server.close()
            _server = None
        if _server is None:
            _server = _Server()
        return _server


def shutdown() -> None:
    """Stop this process's reader server (it also stops by itself when this process ends)."""
    global _server
    with _lock:
        if _server is not None:
            _server.close()
            _server = None


def _forget_after_fork() -> None:
    # A forked copy of the caller must not share the parent's control socket: it would
    # interleave requests with the parent's. It starts a server of its own when it needs one.
    global _server, _lock
    _lock = threading.Lock()
    if _server is not None:
        with contextlib.suppress(OSError):
            _server.sock.close()
        _server = None


os.register_at_fork(after_in_child=_forget_after_fork)
atexit.register(shutdown)


def run_isolated(data: bytes, media_type: str, limits: ExtractLimits) -> Extraction:
    """Extract in a fresh child process under ``limits``; raises ExtractionError with the
    reason when the file cannot be read or the child dies."""
    extraction = _run(data, media_type, limits, None)
    assert isinstance(extraction, Extraction)
    return extraction


def render_isolated(data: bytes, page: int, width: int, limits: ExtractLimits) -> bytes:
    """Page ``page`` (0-based) of a PDF as a PNG, drawn in a fresh child process under
    ``limits`` (extract/preview.py)."""
    reply = _run(data, "application/pdf", limits, {"task": "render", "page": page, "width": width})
    assert isinstance(reply, bytes)
    try:
        answer = json.loads(reply.decode("utf-8"))
        if "memory" in answer:
            raise ExtractionError(memory_reason("application/pdf", limits))
        if "error" in answer:
            raise ExtractionError(_reason_from_json(answer["error"]))
        return base64.b64decode(answer["png"], validate=True)
    except ExtractionError:
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise ExtractionError("internal error: the reader sent a malformed answer") from exc


def _run(
    data: bytes, media_type: str, limits: ExtractLimits, task: dict[str, Any] | None
) -> Extraction | bytes:
    server = _get_server()
    for attempt in (1, 2):
        job, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        status_r, status_w = os.pipe()
        try:
            try:
                pid = server.fork(child_end, status_w, limits)
            finally:
                child_end.close()
                os.close(status_w)
            reply = _talk(server, pid, job, status_r, data, media_type, limits, task)
            return _answer(reply, media_type, limits) if task is None else reply
        except _ServerGone:
            if attempt == 2:
                raise ExtractionError("internal error: the reader process stopped") from None
            server = _get_server(restart=server)
        finally:
            job.close()
            os.close(status_r)
    raise AssertionError("unreachable")


def _talk(
    server: _Server,
    pid: int,
    job: socket.socket,
    status_r: int,
    data: bytes,
    media_type: str,
    limits: ExtractLimits,
    task: dict[str, Any] | None = None,
) -> bytes:
    """The child's answer to one job (an extraction unless ``task`` says otherwise)."""
    deadline = time.monotonic() + limits.timeout
    header = {"media_type": media_type, "limits": dataclasses.asdict(limits), **(task or {})}
    # Text is at most max_text_mb of UTF-8; JSON escapes can at most sextuple it.
    max_reply = 6 * limits.max_text_mb * 1024 * 1024 + 65536
    reply: bytes | None = None
    timed_out = too_large = False
    try:
        _send_frame(job, json.dumps(header).encode(), deadline)
        _send_frame(job, data, deadline)
        reply = _recv_frame(job, max_reply, deadline)
    except TimeoutError:
        timed_out = True
    except OverflowError:
        too_large = True
    except (OSError, EOFError):
        pass  # the child died; its status says how
    finally:
        if reply is None:
            server.kill(pid)  # a no-op for a child that is gone already
    if reply is not None:
        # The child exits by itself right after answering; waiting for the server to reap
        # it would only add the teardown of its address space to every file.
        return reply
    status = _read_status(status_r)
    if timed_out:
        raise ExtractionError(timeout_reason(limits))
    if too_large:
        raise ExtractionError(text_reason(limits))
    if status is None:
        raise ExtractionError("internal error: the reader process stopped")
    raise ExtractionError(_death_reason(*status, media_type, limits))


def _read_status(status_r: int) -> tuple[int, int] | None:
    # poll, not select: the web process may hold descriptors numbered above 1024.
    poller = select.poll()
    poller.register(status_r, select.POLLIN)
    if not poller.poll(_STATUS_TIMEOUT * 1000):
        return None
    raw = os.read(status_r, _STATUS.size)
    if len(raw) != _STATUS.size:
        return None
    status, peak = _STATUS.unpack(raw)
    return int(status), int(peak)


def _answer(reply: bytes, media_type: str, limits: ExtractLimits) -> Extraction:
    try:
        answer = json.loads(reply.decode("utf-8", "surrogatepass"))
        if "memory" in answer:
            raise ExtractionError(memory_reason(media_type, limits))
        if "error" in answer:
            raise ExtractionError(_reason_from_json(answer["error"]))
        text, method = answer["text"], answer["method"]
        pages, encoding, warnings = answer["pages"], answer["encoding"], answer["warnings"]
        confidence, converter = answer["ocr_confidence"], answer["converter"]
        if not (
            isinstance(text, str)
            and isinstance(method, str)
            and (pages is None or isinstance(pages, int))
            and (encoding is None or isinstance(encoding, str))
            and isinstance(warnings, list)
            and all(isinstance(w, dict) for w in warnings)
            and (confidence is None or isinstance(confidence, int | float))
            and (converter is None or isinstance(converter, str))
        ):
            raise ValueError("malformed answer")
        said = tuple(_reason_from_json(w) for w in warnings)
    except ExtractionError:
        raise
    except (ValueError, KeyError, TypeError) as exc:
        raise ExtractionError("internal error: the reader sent a malformed answer") from exc
    return Extraction(
        text,
        TextMethod(method),
        pages,
        encoding,
        said,
        ocr_confidence=None if confidence is None else float(confidence),
        converter=converter,
    )


# -- the reader server --------------------------------------------------------------------


def _preload() -> None:
    """Import every reader once, here, and read one small file of each format, so that a
    forked child finds its modules, codecs and parsers loaded: a lazy import or a codec
    lookup done in every child (each one costs a millisecond or more) is paid once here."""
    import PIL.Image

    from legaldesk.pipeline.extract import extract_in_process
    from legaldesk.pipeline.extract.ocr import ocr_available

    for reader in ("doc", "docx", "html", "pdf", "preview", "rtf", "text", "xml"):
        importlib.import_module(f"legaldesk.pipeline.extract.{reader}")
    PIL.Image.init()
    ocr_available()  # asks tesseract for its languages once, not once per child
    limits = ExtractLimits(ocr=False)
    for media_type, data in _warm_up_samples():
        with contextlib.suppress(Exception):
            extract_in_process(data, media_type, limits)


def _warm_up_samples() -> list[tuple[str, bytes]]:
    import io

    import pypdfium2
    from docx import Document

    words = "Постановление о земельном налоге\n" * 3
    document = Document()
    document.add_paragraph(words)
    docx = io.BytesIO()
    document.save(docx)
    blank = pypdfium2.PdfDocument.new()  # a scan-like page: the needs-OCR path
    blank.new_page(595, 842)
    pdf = io.BytesIO()
    blank.save(pdf)
    samples = [
        (KINDS_BY_NAME["DOCX"], docx.getvalue()),
        (KINDS_BY_NAME["PDF"], pdf.getvalue()),
        (KINDS_BY_NAME["RTF"], rb"{\rtf1\ansi\ansicpg1251 \'cf\'ee\'f1\'f2\'e0\'ed\'ee\'e2}"),
        (KINDS_BY_NAME["XML"], f"<act><p>{words}</p></act>".encode()),
        (KINDS_BY_NAME["HTML"], f'<meta charset="windows-1251"><p>{words}</p>'.encode("cp1251")),
    ]
    # Plain text in each encoding the decoder tries, so that every codec is looked up.
    for encoding in ("utf-8-sig", "utf-16", "cp1251", "koi8-r", "cp866", "mac-cyrillic"):
        samples.append((KINDS_BY_NAME["TXT"], words.encode(encoding)))
    samples.append((KINDS_BY_NAME["TXT"], bytes(range(128, 256))))  # charset_normalizer's turn
    return samples


def serve(fd: int) -> None:
    """The reader server's main loop (run by the caller through ``python -c``)."""
    ctl = socket.socket(fileno=fd)
    # Ctrl-C in a terminal reaches the whole foreground process group; the caller decides
    # what stops, and closing the control socket stops this server.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _preload()
    _ReaderServer(ctl).run()


class _ReaderServer:
    """Forks the children. One child is always forked ahead and waits for its file, so
    that the fork (milliseconds on a virtual machine with large page tables) overlaps the
    caller's work on the previous file instead of delaying the next one."""

    def __init__(self, ctl: socket.socket) -> None:
        self.ctl = ctl
        self.prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform == "linux" else None
        self.wake_r, self.wake_w = os.pipe()
        os.set_blocking(self.wake_r, False)
        os.set_blocking(self.wake_w, False)
        signal.set_wakeup_fd(self.wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.jobs: dict[int, int] = {}  # child pid → write end of its status pipe
        self.spare: tuple[int, socket.socket] | None = None

    def run(self) -> None:
        # Objects that exist now are never collected in a child: freezing them spares every
        # child from copying the server's memory when its garbage collector walks it.
        gc.collect()
        gc.freeze()
        self.spare = self._fork()
        self.ctl.sendall(b"R")
        selector = selectors.PollSelector()  # no descriptor of its own to leak into a child
        selector.register(self.ctl, selectors.EVENT_READ)
        selector.register(self.wake_r, selectors.EVENT_READ)
        try:
            while True:
                for key, _ in selector.select():
                    if key.fileobj is self.ctl:
                        if not self._request():
                            return
                    else:
                        with contextlib.suppress(BlockingIOError):
                            while os.read(self.wake_r, 512):
                                pass
                        _reap(self.jobs, block=False)
        finally:
            if self.spare is not None:
                _kill_group(self.spare[0])
                self.spare[1].close()
            for pid in self.jobs:
                _kill_group(pid)
            _reap(self.jobs, block=True)

    def _request(self) -> bool:
        message, fds, _flags, _addr = socket.recv_fds(self.ctl, 64, 2)
        if not message:
            return False
        if message[:1] == b"F" and len(fds) == 2:
            job_fd, status_fd = fds
            pid = self._hand_over(message[1:], job_fd)
            os.close(job_fd)
            self.jobs[pid] = status_fd
            self.ctl.send(_PID.pack(pid))
            self.spare = self._fork()
        elif message[:1] == b"K":
            (pid,) = _PID.unpack(message[1:])
            if pid in self.jobs:  # not reaped yet, so the pid is still this child's
                _kill_group(pid)
        else:
            for extra in fds:
                os.close(extra)
        return True

    def _hand_over(self, limits: bytes, job_fd: int) -> int:
        for _ in (1, 2):
            pid, hand = self.spare or self._fork()
            self.spare = None
            try:
                socket.send_fds(hand, [limits], [job_fd])
                return pid
            except OSError:  # the spare died (killed from outside): fork another
                _kill_group(pid)
            finally:
                hand.close()
        raise OSError("cannot start a reader")

    def _fork(self) -> tuple[int, socket.socket]:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        inherited = [self.ctl.fileno(), self.wake_r, self.wake_w, ours.fileno()]
        inherited.extend(self.jobs.values())
        pid = os.fork()
        if pid == 0:
            _child(theirs, inherited, self.prctl)
        theirs.close()
        with contextlib.suppress(OSError):
            os.setpgid(pid, pid)
        return pid, ours


def _kill_group(pid: int) -> None:
    # The child leads a group of its own; a converter it started is in that group.
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def _reap(jobs: dict[int, int], block: bool) -> None:
    while jobs or not block:
        flags = os.WEXITED | os.WNOWAIT | (0 if block else os.WNOHANG)
        try:
            info = os.waitid(os.P_ALL, 0, flags)
        except ChildProcessError:
            return
        if info is None:
            return
        pid = info.si_pid
        # While the dead child is not yet reaped its pid cannot be reused, so killing its
        # group now cannot hit a stranger: whatever it left running goes with it.
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)
        _, status, usage = os.wait4(pid, 0)
        status_fd = jobs.pop(pid, None)
        if status_fd is not None:
            with contextlib.suppress(OSError):
                os.write(status_fd, _STATUS.pack(status, usage.ru_maxrss))
            os.close(status_fd)


def _child(hand: socket.socket, inherited: list[int], prctl: Any) -> NoReturn:
    """A reader: waits for its file's limits and job socket, limits itself, reads the file,
    answers, exits. Never returns into the server's loop."""
    code = 1
    try:
        server = os.getppid()
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)
        if prctl is not None:
            prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)  # die with the server
        if os.getppid() != server:
            os._exit(1)
        signal.set_wakeup_fd(-1)
        for number in (signal.SIGCHLD, signal.SIGINT):
            signal.signal(number, signal.SIG_DFL)
        for fd in inherited:
            with contextlib.suppress(OSError):
                os.close(fd)
        message, fds, _flags, _addr = socket.recv_fds(hand, 64, 1)
        hand.close()
        if len(fds) != 1:
            os._exit(0)  # the server is stopping
        cpu, memory = _FORK.unpack(message)
        # Limits first, before a byte of the file is read.
        _limit(resource.RLIMIT_CORE, 0)
        # SIGXCPU at the soft limit; the hard limit only if the signal were ignored.
        _limit(resource.RLIMIT_CPU, cpu, cpu + 5)
        _limit(resource.RLIMIT_AS, memory)
        sock = socket.socket(fileno=fds[0])
        header = json.loads(_recv_frame(sock, 1 << 20))
        data = _recv_frame(sock, 1 << 40)
        try:
            reply = _work(data, header)
        except MemoryError:
            del data
            reply = b'{"memory": true}'
        _send_frame(sock, reply)
        code = 0
    except MemoryError:
        code = _EXIT_MEMORY
    finally:
        os._exit(code)


def _limit(which: int, soft: int, hard: int | None = None) -> None:
    _, current_hard = resource.getrlimit(which)
    hard = soft if hard is None else hard
    if current_hard != resource.RLIM_INFINITY:
        soft, hard = min(soft, current_hard), min(hard, current_hard)
    resource.setrlimit(which, (soft, hard))


def _render(data: bytes, header: dict[str, Any]) -> bytes:
    from legaldesk.pipeline.extract.preview import render_page

    try:
        png, _pages = render_page(data, int(header["page"]), int(header["width"]))
    except ExtractionError as exc:
        reason = exc.args[0] if exc.args else str(exc)
        return json.dumps({"error": _reason_to_json(reason)}).encode()
    except MemoryError:
        raise
    except Exception as exc:  # pdfium's own errors: the file, not us
        return json.dumps({"error": {"text": f"cannot draw the page: {exc}"}}).encode()
    return json.dumps({"png": base64.b64encode(png).decode("ascii")}).encode()


def _work(data: bytes, header: dict[str, Any]) -> bytes:
    from legaldesk.pipeline.extract import extract_in_process

    if header.get("task") == "render":
        return _render(data, header)
    limits = ExtractLimits(**header["limits"])
    try:
        result = extract_in_process(data, header["media_type"], limits)
    except ExtractionError as exc:
        reason = exc.args[0] if exc.args else str(exc)
        answer: dict[str, Any] = {"error": _reason_to_json(reason)}
    except MemoryError:
        raise
    except Exception as exc:  # extract_in_process wraps readers; this is a bug of ours
        answer = {"error": {"text": f"internal error: {type(exc).__name__}: {exc}"}}
    else:
        answer = {
            "text": result.text,
            "method": str(result.method),
            "pages": result.pages,
            "encoding": result.encoding,
            "warnings": [_reason_to_json(w) for w in result.warnings],
            "ocr_confidence": result.ocr_confidence,
            "converter": result.converter,
        }
    return json.dumps(answer, ensure_ascii=False).encode("utf-8", "surrogatepass")
