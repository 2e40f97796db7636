"""A small parser for the YAML subset our CI examples use, for tests on
machines without PyYAML: block mappings and sequences, plain, single- and
double-quoted scalars, flow sequences of scalars ([a, b]), `|` block
scalars and comments. Anything else is an error, so the examples stay in
the subset. Usage: yaml_subset.py FILE  -> prints the document as JSON."""
import json
import re
import sys


class YamlError(Exception):
    pass


def strip_comment(line):
    out, quote = [], None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"" and (i == 0 or line[i - 1] in " [:,-"):
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] == " "):
            break
        out.append(c)
    return "".join(out).rstrip()


def scalar(text, lineno):
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        inner = text[1:-1].strip()
        return [scalar(p, lineno) for p in inner.split(",")] if inner else []
    if text.startswith("{"):
        raise YamlError("line %d: flow mappings are not in the subset" % lineno)
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        body = text[1:-1]
        return body.replace("''", "'") if text[0] == "'" else json.loads(text)
    if text in ("true", "false"):
        return text == "true"
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if text in ("", "~", "null"):
        return None
    if text[0] in "&*!%@`|>":
        raise YamlError("line %d: unsupported scalar %r" % (lineno, text))
    return text


def parse(source):
    raw = source.split("\n")
    lines = []  # (indent, text, lineno, rawline)
    for n, l in enumerate(raw, 1):
        if "\t" in l[: len(l) - len(l.lstrip())]:
            raise YamlError("line %d: tab indentation" % n)
        s = strip_comment(l)
        if s.strip() in ("", "---"):
            lines.append(None if s.strip() == "" else None)
            continue
        lines.append((len(s) - len(s.lstrip()), s.strip(), n, l))
    pos = [0]

    def peek():
        while pos[0] < len(lines) and lines[pos[0]] is None:
            pos[0] += 1
        return lines[pos[0]] if pos[0] < len(lines) else None

    def block_scalar(parent_indent):
        start = pos[0]
        body = []
        indent = None
        i = start
        while i < len(raw):
            l = raw[i]
            if l.strip() == "":
                body.append("")
                i += 1
                continue
            ind = len(l) - len(l.lstrip())
            if ind <= parent_indent:
                break
            if indent is None:
                indent = ind
            body.append(l[indent:])
            i += 1
        while body and body[-1] == "":
            body.pop()
        # Skip the consumed lines.
        while pos[0] < len(lines) and (lines[pos[0]] is None or lines[pos[0]][2] <= i):
            pos[0] += 1
        return "\n".join(body) + "\n"

    def value_after(rest, indent, lineno):
        if rest == "|" or rest == "|-":
            pos[0] += 1
            v = block_scalar(indent)
            return v.rstrip("\n") if rest == "|-" else v
        pos[0] += 1
        if rest == "":
            nxt = peek()
            if nxt and (nxt[0] > indent or (nxt[0] == indent and nxt[1].startswith("- "))):
                return node(nxt[0])
            return None
        return scalar(rest, lineno)

    def node(indent):
        first = peek()
        if first[1].startswith("- ") or first[1] == "-":
            seq = []
            while True:
                cur = peek()
                if not cur or cur[0] != indent or not (cur[1].startswith("- ") or cur[1] == "-"):
                    break
                item = cur[1][2:].strip() if cur[1] != "-" else ""
                m = re.match(r"^([A-Za-z0-9_.$/-]+|\"[^\"]*\"|'[^']*'):(\s+|$)(.*)$", item)
                if m and not item.startswith(("'", '"')) or (m and m.group(1)[0] in "'\""):
                    # A mapping starting on the dash line.
                    inner = indent + 2
                    lines[pos[0]] = (inner, item, cur[2], cur[3])
                    seq.append(mapping(inner))
                else:
                    seq.append(value_after(item, indent, cur[2]))
            return seq
        return mapping(indent)

    def mapping(indent):
        out = {}
        while True:
            cur = peek()
            if not cur or cur[0] != indent or cur[1].startswith("- "):
                if cur and cur[0] > indent:
                    raise YamlError("line %d: unexpected indentation" % cur[2])
                return out
            m = re.match(r"^([A-Za-z0-9_.$/-]+|\"[^\"]*\"|'[^']*'):(?:\s+(.*))?$", cur[1])
            if not m:
                raise YamlError("line %d: expected 'key: value', got %r" % (cur[2], cur[1]))
            key = scalar(m.group(1), cur[2]) if m.group(1)[0] in "'\"" else m.group(1)
            if key in out:
                raise YamlError("line %d: duplicate key %r" % (cur[2], key))
            out[key] = value_after((m.group(2) or "").strip(), indent, cur[2])

    top = peek()
    if top is None:
        return None
    doc = node(top[0])
    if peek() is not None:
        raise YamlError("line %d: unexpected content" % peek()[2])
    return doc


if __name__ == "__main__":
    try:
        print(json.dumps(parse(open(sys.argv[1]).read()), indent=1, sort_keys=True))
    except YamlError as e:
        sys.exit("%s: %s" % (sys.argv[1], e))
