"""A WebAssembly module's memory as instantiating it leaves it: its active
data segments written over zeros. That is the part of a Pyodide memory
snapshot that the browser has already, in pyodide.asm.wasm (3.2 MB of data
in the first 3.8 MB of Pyodide 314's 31 MB memory; 99.8% of those bytes are
the same in the snapshot).

The build stores the snapshot XOR this image (hooks/pyodide_assets.py), so
what the segments wrote and Python left alone is zeros, which the stored
form leaves out; the worker copies the same image from the memory the
moment it is instantiated (pyodide-module.js) and XORs it back
(snapshot.js). Only a module without a start function is taken: one would
run inside instantiation and change the memory before the copy.
"""

from __future__ import annotations

MAGIC = b"\0asm\x01\0\0\0"
START_SECTION, DATA_SECTION = 8, 11
I32_CONST, END = 0x41, 0x0B


def _uleb(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def _sleb32(data: bytes, at: int) -> tuple[int, int]:
    value, end = _uleb(data, at)
    bits = 7 * (end - at)
    if data[end - 1] & 0x40:
        value -= 1 << bits
    return value & 0xFFFFFFFF, end  # an address: i32.const's bits, unsigned


def _offset(data: bytes, at: int) -> tuple[int, int]:
    """A segment's offset expression, which must be one ``i32.const`` (one
    that depends on an imported global cannot be known at build time):
    (the offset, the position after its ``end``)."""
    if data[at] != I32_CONST:
        raise ValueError(f"wasm data segment: an offset that is not a constant (0x{data[at]:02x})")
    value, at = _sleb32(data, at + 1)
    if data[at] != END:
        raise ValueError("wasm data segment: an offset expression longer than one instruction")
    return value, at + 1


def _sections(wasm: bytes) -> dict[int, int]:
    """{section id: where its contents start} (custom sections left out)."""
    if wasm[:8] != MAGIC:
        raise ValueError("not a WebAssembly module (version 1)")
    found, at = {}, 8
    while at < len(wasm):
        section, at = wasm[at], at + 1
        size, at = _uleb(wasm, at)
        if section:
            found[section] = at
        at += size
    return found


def _segments(wasm: bytes, at: int) -> list[tuple[int, bytes]]:
    """[(offset, bytes)] of the active data segments for memory 0, in order."""
    count, at = _uleb(wasm, at)
    found = []
    for _ in range(count):
        kind, at = _uleb(wasm, at)
        memory = 0
        if kind == 2:
            memory, at = _uleb(wasm, at)
        if kind in (0, 2):
            offset, at = _offset(wasm, at)
        elif kind != 1:
            raise ValueError(f"wasm data segment: unknown kind {kind}")
        size, at = _uleb(wasm, at)
        if kind != 1 and memory == 0:
            found.append((offset, wasm[at:at + size]))
        at += size
    return found


def initial_memory(wasm: bytes) -> bytes:
    """The memory as instantiating ``wasm`` leaves it, up to the end of its
    last data segment (segments written in order over zeros, as the
    WebAssembly specification says)."""
    sections = _sections(wasm)
    if START_SECTION in sections:
        raise ValueError("the wasm has a start function: its memory changes while it is instantiated")
    segments = _segments(wasm, sections[DATA_SECTION]) if DATA_SECTION in sections else []
    image = bytearray(max((offset + len(data) for offset, data in segments), default=0))
    for offset, data in segments:
        image[offset:offset + len(data)] = data
    return bytes(image)


def xor_into(memory: bytearray, image: bytes, at: int) -> None:
    """``memory[at:at + len(image)] ^= image``, in place (the same call undoes it)."""
    end = at + len(image)
    if end > len(memory):
        raise ValueError("the image does not fit in the memory")
    mixed = int.from_bytes(memory[at:end], "little") ^ int.from_bytes(image, "little")
    memory[at:end] = mixed.to_bytes(len(image), "little")
