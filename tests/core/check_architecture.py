#!/usr/bin/env python3
"""The tree's layering rules (README, "Architecture"), checked on the sources:
- core/ includes neither Qt nor OpenGL (only core/encoder/gl reaches GL, through its loader);
- ui/ and app/ use core's public headers only: the internals listed below stay inside core/;
- no source file sits directly in core/ or ui/, and the app never links core/testing.
Prints every violation with its file and line; exit 1 when there is one."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2])

# Headers only core/ itself (and the tests) may include: how a step works inside, not its interface.
INTERNAL = {
    "base/base64.h", "base/mapped_file.h",
    "text/aligned_text.h", "text/bert_pretokenizer.h", "text/precompiled_charsmap.h",
    "text/pretokenizer_regex.h", "text/unicode_case.h",
    "tokenizers/byte_pair_table.h", "vectors/word_index.h",
    "encoder/attention_step.h", "encoder/rope.h",
}
INTERNAL_FOLDERS = ("tokenizers/hf/",)  # all but hf_tokenizer.h, the folder's interface
PUBLIC_IN_INTERNAL_FOLDERS = {"tokenizers/hf/hf_tokenizer.h"}

include = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
problems = []


def sources(folder):
    return sorted(p for p in (root / folder).rglob("*") if p.suffix in (".h", ".cpp"))


for path in sources("core"):
    rel = path.relative_to(root).as_posix()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = include.match(line)
        if not m:
            continue
        name = m.group(1)
        if re.match(r"Q[A-Za-z]*(/|$)|qt|QtCore|QtGui", name):
            problems.append(f"{rel}:{n}: core/ includes Qt ({name})")
        if re.match(r"(GL|GLES\d?|EGL|epoxy|glad)/", name) and not rel.startswith("core/encoder/gl/"):
            problems.append(f"{rel}:{n}: only core/encoder/gl may include OpenGL ({name})")

for folder in ("ui", "app"):
    for path in sources(folder):
        rel = path.relative_to(root).as_posix()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = include.match(line)
            name = m.group(1) if m else ""
            if name in INTERNAL or (name.startswith(INTERNAL_FOLDERS) and name not in PUBLIC_IN_INTERNAL_FOLDERS):
                problems.append(f"{rel}:{n}: {folder}/ includes core's internal header {name}")

for folder in ("core", "ui"):
    for path in sorted((root / folder).glob("*")):
        if path.suffix in (".h", ".cpp"):
            problems.append(f"{path.relative_to(root).as_posix()}: a source file directly in {folder}/ (it belongs to a step's folder)")

app_cmake = (root / "app" / "CMakeLists.txt").read_text(encoding="utf-8")
if "embedscope_testing" in app_cmake:
    problems.append("app/CMakeLists.txt: the app links embedscope_testing (test-only code)")

for p in problems:
    print(p)
print(f"architecture: {len(problems)} problem(s) in {root}")
sys.exit(1 if problems else 0)
