#!/usr/bin/env python3
"""Generated edits of a config, for remediation's property test.

config_edits.py SEED LIST: for each "IN<TAB>OUT" line of LIST, writes OUT: IN with a few
edits chosen by SEED and the line's number: lines
removed, lines added, values changed, sections added and removed. Knows three shapes:
`set` lines (Junos, VyOS), FortiOS `config`/`edit` blocks, and indented CLI sections.
"""
import random
import re
import sys


def edit_set(lines, rnd):
    out = list(lines)
    for _ in range(rnd.randint(1, 4)):
        op = rnd.choice(["remove", "add", "change"])
        sets = [i for i, l in enumerate(out) if l.startswith("set ")]
        if op == "remove" and sets:
            del out[rnd.choice(sets)]
        elif op == "change" and sets:
            i = rnd.choice(sets)
            out[i] = re.sub(r"\d+", lambda m: str(int(m.group()) + 1), out[i], count=1)
        else:
            out.append(f"set system ntp server 192.0.2.{rnd.randint(1, 250)}")
    return out


def blocks(lines):
    """Indices of lines that start a section (the next line is indented deeper)."""
    def indent(l):
        return len(l) - len(l.lstrip(" "))
    return [i for i in range(len(lines) - 1)
            if lines[i].strip() and indent(lines[i + 1]) > indent(lines[i])]


def section_end(lines, start):
    def indent(l):
        return len(l) - len(l.lstrip(" "))
    base = indent(lines[start])
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or indent(lines[end]) > base):
        end += 1
    return end


def edit_cli(lines, rnd, fortios):
    out = list(lines)
    for _ in range(rnd.randint(1, 4)):
        op = rnd.choice(["remove_line", "add_line", "change", "add_section", "remove_section"])
        starts = set(blocks(out))
        leaves = [i for i, l in enumerate(out)
                  if l.strip() and not l.strip().startswith(("!", "#", "end", "next", "exit", "^"))
                  and i not in starts and l.startswith((" ", "\t"))]
        if op == "remove_line" and leaves:
            del out[rnd.choice(leaves)]
        elif op == "change" and leaves:
            i = rnd.choice(leaves)
            out[i] = re.sub(r"\d+", lambda m: str(int(m.group()) + 7), out[i], count=1)
        elif op == "add_line" and leaves:
            i = rnd.choice(leaves)
            indent = out[i][: len(out[i]) - len(out[i].lstrip())]
            n = rnd.randint(1, 250)
            text = f'set comments "edited {n}"' if fortios else f"ip helper-address 192.0.2.{n}"
            if not any(l.strip() == text for l in out[section_start(out, i) + 1:section_end(out, section_start(out, i))]):
                out.insert(i + 1, indent + text)
        elif op == "add_section":
            n = rnd.randint(1, 999)
            if fortios:
                out += ["config firewall address", f'    edit "test-{n}"',
                        f"        set subnet 198.51.100.{n % 250} 255.255.255.255", "    next", "end"]
            else:
                out += [f"interface Loopback{n}", f" description test {n}",
                        f" ip address 198.51.100.{n % 250} 255.255.255.255"]
        elif op == "remove_section":
            top = [i for i in blocks(out) if not out[i].startswith((" ", "\t"))]
            if top:
                start = rnd.choice(top)
                del out[start:section_end(out, start)]
    return out


def section_start(lines, i):
    def indent(l):
        return len(l) - len(l.lstrip(" "))
    base = indent(lines[i])
    j = i
    while j > 0 and indent(lines[j]) >= base:
        j -= 1
    return j


def edit_file(src, dst, seed):
    rnd = random.Random(seed)
    text = open(src, encoding="utf-8", errors="replace").read()
    lines = text.splitlines()
    if any(l.startswith("set ") for l in lines[:50]) and not any(l.startswith("config ") for l in lines[:50]):
        out = edit_set(lines, rnd)
    else:
        fortios = any(l.startswith("config ") for l in lines[:50])
        out = edit_cli(lines, rnd, fortios)
    with open(dst, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def main():
    # config_edits.py SEED LIST: each line of LIST is "SOURCE<TAB>DESTINATION".
    seed, listing = int(sys.argv[1]), sys.argv[2]
    for n, row in enumerate(open(listing, encoding="utf-8")):
        src, dst = row.rstrip("\n").split("\t")
        edit_file(src, dst, seed * 100003 + n)


if __name__ == "__main__":
    main()
