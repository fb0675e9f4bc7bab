#!/usr/bin/env python3
"""stem_hi_slots.py — rebuilds the hash index of the Hindi stemmer's word
table (hi_word_slots in src/analyze/stem_hi.c) after hi_words[] changed.

The table is written by hand in any order; lookups go through an
open-addressing index so that a word costs one hash and about one
comparison. This script reads the entries between the BEGIN WORDS / END
WORDS markers, lays them out with the same hash and probing as word_hash()
and lookup() in the C code, and rewrites the block between the BEGIN SLOTS /
END SLOTS markers. It refuses duplicate words and entries longer than the C
code's TABLE_MAX_BYTES.

    python3 eval/stem_hi_slots.py [src/analyze/stem_hi.c]
"""
import re
import sys

SLOTS = 1024


def word_hash(word: bytes) -> int:
    """Mirror of word_hash() in stem_hi.c."""
    h = len(word)
    for i in range(0, len(word), 3):
        code = ((word[i + 1] - 0xA4) << 6) | (word[i + 2] & 0x3F)
        h = (h * 33 + code) & 0xFFFFFFFF
    return ((h * 2654435761) & 0xFFFFFFFF) >> 22


def main() -> int:
    path = sys.argv[1] if len(sys.argv) > 1 else "src/analyze/stem_hi.c"
    src = open(path, encoding="utf-8").read()
    words_part = re.search(r"/\* BEGIN WORDS \*/(.*?)/\* END WORDS \*/", src,
                           re.S)
    max_bytes = re.search(r"#define TABLE_MAX_BYTES (\d+)", src)
    if not words_part or not max_bytes:
        sys.exit(f"{path}: markers or TABLE_MAX_BYTES not found")
    entries = re.findall(r'\b(?:W|SELF)\("([^"]*)"', words_part.group(1))
    seen = set()
    slots = [0] * SLOTS
    for index, word in enumerate(entries):
        b = word.encode("utf-8")
        if word in seen:
            sys.exit(f"duplicate entry: {word}")
        seen.add(word)
        if len(b) > int(max_bytes.group(1)):
            sys.exit(f"{word}: {len(b)} bytes, more than TABLE_MAX_BYTES")
        if len(b) % 3 or any(b[i] != 0xE0 or b[i + 1] not in (0xA4, 0xA5)
                             for i in range(0, len(b), 3)):
            sys.exit(f"{word}: not plain Devanagari")
        i = word_hash(b)
        while slots[i]:
            i = (i + 1) % SLOTS
        slots[i] = index + 1
    if len(entries) * 2 > SLOTS:
        sys.exit("table more than half full: raise WORD_SLOTS")
    lines = ["/* clang-format off */",
             "static const unsigned short hi_word_slots[WORD_SLOTS] = {"]
    for row in range(0, SLOTS, 16):
        lines.append("    " + " ".join(f"{v}," for v in slots[row:row + 16]))
    lines.append("};")
    lines.append("/* clang-format on */")
    block = "\n".join(lines)
    new = re.sub(
        r"(/\* BEGIN SLOTS[^\n]*\*/\n).*?(\n/\* END SLOTS \*/)",
        lambda m: m.group(1) + block + m.group(2), src, flags=re.S)
    if new != src:
        open(path, "w", encoding="utf-8").write(new)
    print(f"{path}: {len(entries)} words in {SLOTS} slots")
    return 0


if __name__ == "__main__":
    sys.exit(main())
