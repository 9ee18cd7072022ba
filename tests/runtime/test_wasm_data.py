"""hooks/wasm_data.py: the memory as instantiating a wasm leaves it, which
the stored snapshot is XORed with (the worker copies the same bytes from
the instance: tests/runtime/test_snapshot.py restores through it)."""

from __future__ import annotations

import pytest

from hooks import wasm_data

HEAD = b"\0asm\x01\0\0\0"


def leb(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        if n:
            out.append(byte | 0x80)
        else:
            return bytes(out + bytes([byte]))


def section(kind: int, body: bytes) -> bytes:
    return bytes([kind]) + leb(len(body)) + body


def active(offset_expr: bytes, data: bytes, memory: int | None = None) -> bytes:
    head = leb(0) if memory is None else leb(2) + leb(memory)
    return head + offset_expr + b"\x0b" + leb(len(data)) + data


def const(n: int) -> bytes:
    return b"\x41" + leb(n)


def module(*segments: bytes, extra: bytes = b"") -> bytes:
    return HEAD + extra + section(11, leb(len(segments)) + b"".join(segments))


def test_segments_are_written_in_order_over_zeros() -> None:
    wasm = module(active(const(4), b"abcd"), active(const(6), b"XY"),
                  leb(1) + leb(3) + b"pas",              # passive: not written at instantiation
                  active(const(10), b"z", memory=0))     # memory 0, named explicitly
    assert wasm_data.initial_memory(wasm) == b"\0\0\0\0abXY\0\0z"


def test_other_sections_are_skipped() -> None:
    custom = section(0, leb(4) + b"name" + b"\x01\x02\x03")
    assert wasm_data.initial_memory(module(active(const(1), b"q"), extra=custom)) == b"\0q"
    assert wasm_data.initial_memory(HEAD) == b""


def test_an_offset_past_two_gigabytes_is_an_address() -> None:
    """i32.const is signed LEB128: 0x80000000 is written as -2^31 (too big
    a memory to build here, so the offset's reader alone)."""
    assert wasm_data._offset(b"\x41\x80\x80\x80\x80\x78\x0b", 0) == (0x80000000, 7)
    assert wasm_data._offset(b"\x41\x3f\x0b", 0) == (63, 3)
    assert wasm_data._offset(b"\x41\xc0\x00\x0b", 0) == (64, 4)


@pytest.mark.parametrize("wasm, message", [
    (b"\0asm\x02\0\0\0", "not a WebAssembly module"),
    (module(active(b"\x23" + leb(0), b"x")), "not a constant"),  # global.get: known at run time only
    (module(active(const(0) + b"\x41\x01\x6a", b"x")), "longer than one"),  # i32.const 0, 1; i32.add
    (module(extra=section(8, leb(0))), "start function"),  # it would run inside instantiation
])
def test_what_cannot_be_known_at_build_time_is_refused(wasm: bytes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        wasm_data.initial_memory(wasm)


def test_xor_into_twice_gives_the_memory_back() -> None:
    memory = bytearray(b"0123456789")
    wasm_data.xor_into(memory, b"\x01\x02\x03", 4)
    assert memory == bytearray(b"0123" + bytes([ord("4") ^ 1, ord("5") ^ 2, ord("6") ^ 3]) + b"789")
    wasm_data.xor_into(memory, b"\x01\x02\x03", 4)
    assert memory == bytearray(b"0123456789")
    with pytest.raises(ValueError):
        wasm_data.xor_into(memory, b"abc", 8)


def test_a_pyodide_it_cannot_read_means_no_snapshot_not_a_failed_build(hook, tmp_path, monkeypatch) -> None:
    """build_snapshot turns the reader's refusal into the RuntimeError that
    install_runtime answers with a warning and a site without a snapshot
    (the worker then boots normally)."""
    pyodide = tmp_path / "node_modules" / "pyodide"
    pyodide.mkdir(parents=True)
    (pyodide / "pyodide.asm.wasm").write_bytes(module(extra=section(8, leb(0))))  # a start function
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "pyodide_run.mjs").write_text("// warm-up\n")
    wheel = tmp_path / "calculator-0-py3-none-any.whl"
    wheel.write_bytes(b"a wheel")

    def make_snapshot(cmd, **kwargs):  # what Node would write: a Pyodide header, then memory
        out = cmd[cmd.index("--make-snapshot") + 1]
        with open(out, "wb") as f:
            f.write(b"\0snp" + (16).to_bytes(4, "little") + bytes(8) + b"memory")
        return type("Done", (), {"returncode": 0, "stderr": ""})()

    monkeypatch.setattr(hook, "pyodide_version", lambda *a: "0.0.0")
    monkeypatch.setattr(hook.subprocess, "run", make_snapshot)
    with pytest.raises(RuntimeError, match="start function"):
        hook.build_snapshot(wheel, tmp_path, cache=tmp_path / "cache")


def test_a_snapshot_whose_memory_starts_off_a_word_is_refused(hook) -> None:
    """snapshot.js XORs the image in a word at a time; Pyodide rounds its
    header up to 16 bytes, so anything else is not its snapshot."""
    header = b"\0snp" + (32).to_bytes(4, "little") + bytes(24)
    assert hook.pyodide_memory_start(header + b"memory") == 32
    with pytest.raises(ValueError, match="not a Pyodide memory snapshot"):
        hook.pyodide_memory_start(b"\0snp" + (18).to_bytes(4, "little") + bytes(24) + b"memory")
