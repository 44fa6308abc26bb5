"""Small readers for what the checker needs from fonts and CMaps.

- SfntFont: an sfnt (TrueType or OpenType) font program: unitsPerEm, glyph
  count, advance widths (head/hhea/maxp/hmtx) and the cmap subtables
  (formats 0, 4, 6, 12).  Written with struct only.
- CffFont: a bare CFF font program (FontFile3 /Type1C or /CIDFontType0C):
  glyph count, charset (CID -> GID for CID-keyed fonts) and advance widths
  taken from the Type 2 charstrings (first stack operand when the count is
  odd for the first stem/move operator, plus nominalWidthX; otherwise
  defaultWidthX), following subroutine calls.  FontMatrix is honoured for the 1000-unit scale.
- parse_cmap: tokenizes a CMap stream (ToUnicode or an embedded encoding
  CMap) and returns its codespace ranges, bf mappings and cid mappings.

Everything here is written from the public specifications (OpenType, the
Adobe CFF/Type 2 charstring notes, Adobe technote 5014/5099 for CMaps).
"""

import re
import struct


class FontProgramError(Exception):
    pass


# ---------------------------------------------------------------- sfnt

class SfntFont:
    def __init__(self, data):
        if len(data) < 12:
            raise FontProgramError("font program shorter than an sfnt header")
        tag = data[:4]
        if tag == b"ttcf":
            # a collection: use the first font
            (off,) = struct.unpack_from(">I", data, 12)
            base = off
        else:
            base = 0
        self.data = data
        self.sfnt_version = data[base:base + 4]
        (num_tables,) = struct.unpack_from(">H", data, base + 4)
        self.tables = {}
        for i in range(num_tables):
            rec = base + 12 + 16 * i
            if rec + 16 > len(data):
                raise FontProgramError("truncated table directory")
            t, _cs, off, ln = struct.unpack_from(">4sIII", data, rec)
            self.tables[t.decode("latin-1")] = (off, ln)
        self.units_per_em = 1000
        self.num_glyphs = None
        self.advances = []
        self._cmaps = None
        self._parse_metrics()

    def table(self, tag):
        if tag not in self.tables:
            return None
        off, ln = self.tables[tag]
        if off + ln > len(self.data):
            # tolerate a short final table (some subsetters pad badly)
            return self.data[off:]
        return self.data[off:off + ln]

    def _parse_metrics(self):
        head = self.table("head")
        if head is None or len(head) < 54:
            raise FontProgramError("no usable 'head' table")
        (self.units_per_em,) = struct.unpack_from(">H", head, 18)
        if self.units_per_em == 0:
            raise FontProgramError("unitsPerEm is 0")
        maxp = self.table("maxp")
        if maxp is not None and len(maxp) >= 6:
            (self.num_glyphs,) = struct.unpack_from(">H", maxp, 4)
        hhea = self.table("hhea")
        hmtx = self.table("hmtx")
        if hhea is None or hmtx is None or len(hhea) < 36:
            return
        (n_hm,) = struct.unpack_from(">H", hhea, 34)
        n_hm = min(n_hm, len(hmtx) // 4)
        self.advances = [struct.unpack_from(">H", hmtx, 4 * i)[0] for i in range(n_hm)]

    def has_glyph(self, gid):
        if self.num_glyphs is None:
            return True
        return 0 <= gid < self.num_glyphs

    def advance(self, gid):
        """Advance width in 1000-unit glyph space, or None if unknown."""
        if not self.advances:
            return None
        if gid < len(self.advances):
            aw = self.advances[gid]
        else:
            aw = self.advances[-1]
        return aw * 1000.0 / self.units_per_em

    # cmap -----------------------------------------------------------
    def cmaps(self):
        if self._cmaps is not None:
            return self._cmaps
        self._cmaps = {}
        cm = self.table("cmap")
        if cm is None or len(cm) < 4:
            return self._cmaps
        (n,) = struct.unpack_from(">H", cm, 2)
        for i in range(n):
            if 4 + 8 * i + 8 > len(cm):
                break
            pid, eid, off = struct.unpack_from(">HHI", cm, 4 + 8 * i)
            try:
                self._cmaps[(pid, eid)] = self._parse_subtable(cm, off)
            except (struct.error, IndexError):
                self._cmaps[(pid, eid)] = {}
        return self._cmaps

    @staticmethod
    def _parse_subtable(cm, off):
        (fmt,) = struct.unpack_from(">H", cm, off)
        m = {}
        if fmt == 0:
            for c in range(256):
                m[c] = cm[off + 6 + c]
        elif fmt == 4:
            (segx2,) = struct.unpack_from(">H", cm, off + 6)
            seg = segx2 // 2
            ends = off + 14
            starts = ends + segx2 + 2
            deltas = starts + segx2
            ranges = deltas + segx2
            for s in range(seg):
                (end,) = struct.unpack_from(">H", cm, ends + 2 * s)
                (start,) = struct.unpack_from(">H", cm, starts + 2 * s)
                (delta,) = struct.unpack_from(">h", cm, deltas + 2 * s)
                (ro,) = struct.unpack_from(">H", cm, ranges + 2 * s)
                if start > end:
                    continue
                for c in range(start, end + 1):
                    if c == 0xFFFF:
                        break
                    if ro == 0:
                        g = (c + delta) & 0xFFFF
                    else:
                        p = ranges + 2 * s + ro + 2 * (c - start)
                        (g,) = struct.unpack_from(">H", cm, p)
                        if g:
                            g = (g + delta) & 0xFFFF
                    if g:
                        m[c] = g
        elif fmt == 6:
            first, count = struct.unpack_from(">HH", cm, off + 6)
            for i in range(count):
                (g,) = struct.unpack_from(">H", cm, off + 10 + 2 * i)
                if g:
                    m[first + i] = g
        elif fmt == 12:
            (ngroups,) = struct.unpack_from(">I", cm, off + 12)
            for i in range(ngroups):
                sc, ec, sg = struct.unpack_from(">III", cm, off + 16 + 12 * i)
                if ec - sc > 0x110000:
                    continue
                for c in range(sc, ec + 1):
                    m[c] = sg + (c - sc)
        return m


# ---------------------------------------------------------------- CFF

_CFF_STD_OPS_TWO_BYTE = 12


def _cff_index(data, pos):
    """Return (list of byte strings, position after the INDEX)."""
    (count,) = struct.unpack_from(">H", data, pos)
    if count == 0:
        return [], pos + 2
    off_size = data[pos + 2]
    offs = []
    p = pos + 3
    for _ in range(count + 1):
        v = int.from_bytes(data[p:p + off_size], "big")
        offs.append(v)
        p += off_size
    base = p - 1
    items = [data[base + offs[i]:base + offs[i + 1]] for i in range(count)]
    return items, base + offs[-1]


def _cff_dict(b):
    """Parse a CFF DICT into {op: [operands]}; op is int or (12, x)."""
    d = {}
    ops = []
    i = 0
    while i < len(b):
        v = b[i]
        if v <= 21:
            if v == 12:
                op = (12, b[i + 1])
                i += 2
            else:
                op = v
                i += 1
            d[op] = ops
            ops = []
        elif v == 28:
            ops.append(struct.unpack_from(">h", b, i + 1)[0])
            i += 3
        elif v == 29:
            ops.append(struct.unpack_from(">i", b, i + 1)[0])
            i += 5
        elif v == 30:
            s = ""
            i += 1
            nib = {0xa: ".", 0xb: "E", 0xc: "E-", 0xe: "-"}
            done = False
            while not done and i < len(b):
                byte = b[i]
                i += 1
                for n in (byte >> 4, byte & 0xF):
                    if n == 0xF:
                        done = True
                        break
                    s += str(n) if n < 10 else nib.get(n, "")
            try:
                ops.append(float(s))
            except ValueError:
                ops.append(0.0)
        elif 32 <= v <= 246:
            ops.append(v - 139)
            i += 1
        elif 247 <= v <= 250:
            ops.append((v - 247) * 256 + b[i + 1] + 108)
            i += 2
        elif 251 <= v <= 254:
            ops.append(-(v - 251) * 256 - b[i + 1] - 108)
            i += 2
        else:
            i += 1
    return d


def _subr_bias(subrs):
    n = len(subrs)
    return 107 if n < 1240 else 1131 if n < 33900 else 32768


def _charstring_width(cs, default_w, nominal_w, gsubrs=(), lsubrs=()):
    """Width of a Type 2 charstring: the first operand when the first stack-clearing
    operator finds one too many, following callsubr/callgsubr (the width may sit on the
    stack before a subroutine that holds the stems)."""
    stack = []
    state = {"first": None}

    def run(code, depth):
        i = 0
        while i < len(code):
            v = code[i]
            if v == 28:
                stack.append(struct.unpack_from(">h", code, i + 1)[0])
                i += 3
                continue
            if v >= 32:
                if v <= 246:
                    val = v - 139
                    i += 1
                elif v <= 250:
                    val = (v - 247) * 256 + code[i + 1] + 108
                    i += 2
                elif v <= 254:
                    val = -(v - 251) * 256 - code[i + 1] - 108
                    i += 2
                else:
                    val = struct.unpack_from(">i", code, i + 1)[0] / 65536.0
                    i += 5
                stack.append(val)
                continue
            if v in (10, 29) and depth < 10 and stack:   # callsubr, callgsubr
                subrs = lsubrs if v == 10 else gsubrs
                idx = int(stack.pop()) + _subr_bias(subrs)
                if not 0 <= idx < len(subrs):
                    return default_w
                r = run(subrs[idx], depth + 1)
                if r is not None:
                    return r
                i += 1
                continue
            if v == 11:                  # return
                return None
            n = len(stack)
            if v in (1, 3, 18, 23, 19, 20):  # stems and masks: even args
                odd = n % 2 == 1
            elif v == 21:                # rmoveto: 2 args
                odd = n > 2
            elif v in (4, 22):           # vmoveto hmoveto: 1 arg
                odd = n > 1
            elif v == 14:                # endchar: 0 or 4 args
                odd = n in (1, 5)
            else:
                return default_w
            return nominal_w + stack[0] if odd else default_w
        return None

    w = run(cs, 0)
    return default_w if w is None else w


class CffFont:
    def __init__(self, data):
        if len(data) < 4:
            raise FontProgramError("CFF data too short")
        hdr_size = data[2]
        _names, p = _cff_index(data, hdr_size)
        top_dicts, p = _cff_index(data, p)
        _strings, p = _cff_index(data, p)
        self.gsubrs, p = _cff_index(data, p)
        if not top_dicts:
            raise FontProgramError("CFF has no Top DICT")
        top = _cff_dict(top_dicts[0])
        self.is_cid = (12, 30) in top
        fm = top.get((12, 7))
        self.scale = (fm[0] * 1000.0) if fm and len(fm) >= 1 and fm[0] else 1.0
        cs_off = top.get(17, [None])[0]
        if cs_off is None:
            raise FontProgramError("CFF without CharStrings")
        self.charstrings, _ = _cff_index(data, cs_off)
        self.num_glyphs = len(self.charstrings)
        # charset
        self.gid_for_sid = {0: 0}
        cset = top.get(15, [0])[0]
        if cset > 2:
            self._parse_charset(data, cset)
        elif not self.is_cid:
            pass
        # private dicts (per FD for CID fonts)
        self.fd_select = None
        self.privs = []
        if self.is_cid:
            fda = top.get((12, 36), [None])[0]
            fds = top.get((12, 37), [None])[0]
            fd_dicts, _ = _cff_index(data, fda) if fda else ([], 0)
            for fdb in fd_dicts:
                self.privs.append(self._private(data, _cff_dict(fdb)))
            if fds:
                self.fd_select = self._parse_fdselect(data, fds)
        else:
            self.privs.append(self._private(data, top))

    def _private(self, data, d):
        pv = d.get(18)
        dw, nw, subrs = 0, 0, []
        if pv and len(pv) >= 2:
            size, off = int(pv[0]), int(pv[1])
            pd = _cff_dict(data[off:off + size])
            dw = pd.get(20, [0])[0]
            nw = pd.get(21, [0])[0]
            if 19 in pd:               # local Subrs, relative to the Private DICT
                subrs, _ = _cff_index(data, off + int(pd[19][0]))
        return dw, nw, subrs

    def _parse_charset(self, data, off):
        fmt = data[off]
        p = off + 1
        gid = 1
        n = self.num_glyphs
        m = {0: 0}
        if fmt == 0:
            while gid < n:
                (sid,) = struct.unpack_from(">H", data, p)
                m[sid] = gid
                p += 2
                gid += 1
        elif fmt in (1, 2):
            while gid < n:
                (first,) = struct.unpack_from(">H", data, p)
                if fmt == 1:
                    left = data[p + 2]
                    p += 3
                else:
                    (left,) = struct.unpack_from(">H", data, p + 2)
                    p += 4
                for k in range(left + 1):
                    if gid >= n:
                        break
                    m[first + k] = gid
                    gid += 1
        self.gid_for_sid = m

    def _parse_fdselect(self, data, off):
        fmt = data[off]
        sel = {}
        if fmt == 0:
            for g in range(self.num_glyphs):
                sel[g] = data[off + 1 + g]
        elif fmt == 3:
            (nr,) = struct.unpack_from(">H", data, off + 1)
            p = off + 3
            for r in range(nr):
                first, fd = struct.unpack_from(">HB", data, p)
                (nxt,) = struct.unpack_from(">H", data, p + 3)
                for g in range(first, nxt):
                    sel[g] = fd
                p += 3
        return sel

    def gid_for_cid(self, cid):
        if self.is_cid:
            return self.gid_for_sid.get(cid)
        return cid

    def has_glyph(self, gid):
        return gid is not None and 0 <= gid < self.num_glyphs

    def advance(self, gid):
        if not self.has_glyph(gid):
            return None
        fd = 0
        if self.fd_select is not None:
            fd = self.fd_select.get(gid, 0)
        if fd >= len(self.privs):
            fd = 0
        dw, nw, subrs = self.privs[fd] if self.privs else (0, 0, [])
        w = _charstring_width(self.charstrings[gid], dw, nw, self.gsubrs, subrs)
        return w * self.scale


# ---------------------------------------------------------------- CMaps

_TOKEN = re.compile(
    rb"<([0-9A-Fa-f\s]*)>|\[|\]|/([^\s/\[\]<>(){}%]*)|\((?:\\.|[^\\)])*\)|%[^\r\n]*|"
    rb"<<|>>|([^\s/\[\]<>(){}%]+)")


def _tokens(data):
    for m in _TOKEN.finditer(data):
        t = m.group(0)
        if t.startswith(b"%"):
            continue
        if m.group(1) is not None and t.startswith(b"<") and not t.startswith(b"<<"):
            hx = re.sub(rb"\s+", b"", m.group(1))
            if len(hx) % 2:
                hx += b"0"
            yield ("hex", bytes.fromhex(hx.decode("ascii")))
        elif t in (b"[", b"]", b"<<", b">>"):
            yield ("punct", t)
        elif m.group(2) is not None and t.startswith(b"/"):
            yield ("name", m.group(2).decode("latin-1"))
        elif t.startswith(b"("):
            yield ("str", t)
        else:
            yield ("kw", t.decode("latin-1"))


class CMapData:
    def __init__(self):
        self.codespace = []   # (nbytes, lo, hi)
        self.bf = {}          # (nbytes, code) -> bytes (UTF-16BE)
        self.bf_ranges = []   # (nbytes, lo, hi, dst bytes or list)
        self.cid = {}         # (nbytes, code) -> cid
        self.cid_ranges = []  # (nbytes, lo, hi, cid0)
        self.usecmap = None
        self.wmode = None
        self.name = None
        self.errors = []

    def unicode_for(self, nbytes, code):
        v = self.bf.get((nbytes, code))
        if v is not None:
            return v
        for (nb, lo, hi, dst) in self.bf_ranges:
            if nb == nbytes and lo <= code <= hi:
                off = code - lo
                if isinstance(dst, list):
                    return dst[off] if off < len(dst) else None
                if len(dst) < 2:
                    return None
                last = int.from_bytes(dst[-2:], "big") + off
                if last > 0xFFFF:
                    return None
                return dst[:-2] + last.to_bytes(2, "big")
        return None

    def has_any_unicode_for_len(self, nbytes):
        return any(k[0] == nbytes for k in self.bf) or any(r[0] == nbytes for r in self.bf_ranges)

    def cid_for(self, nbytes, code):
        v = self.cid.get((nbytes, code))
        if v is not None:
            return v
        for (nb, lo, hi, c0) in self.cid_ranges:
            if nb == nbytes and lo <= code <= hi:
                return c0 + code - lo
        return None

    def split(self, data, default_len=2):
        """Split a string into codes using the codespace ranges."""
        out = []
        i = 0
        cs = self.codespace
        while i < len(data):
            hit = None
            for n in (1, 2, 3, 4):
                if i + n > len(data):
                    break
                c = int.from_bytes(data[i:i + n], "big")
                for (nb, lo, hi) in cs:
                    if nb == n and _in_codespace(data[i:i + n], lo, hi, n):
                        hit = (n, c)
                        break
                if hit:
                    break
            if hit is None:
                n = default_len if not cs else min(r[0] for r in cs)
                n = max(1, min(n, len(data) - i))
                hit = (n, int.from_bytes(data[i:i + n], "big"))
            out.append(hit)
            i += hit[0]
        return out


def _in_codespace(b, lo, hi, n):
    # codespace ranges compare byte by byte
    lob = lo.to_bytes(n, "big")
    hib = hi.to_bytes(n, "big")
    return all(lob[k] <= b[k] <= hib[k] for k in range(n))


def parse_cmap(data):
    cm = CMapData()
    toks = list(_tokens(data))
    i = 0
    n = len(toks)

    def take_hex(k):
        if k < n and toks[k][0] == "hex":
            return toks[k][1]
        return None

    while i < n:
        kind, val = toks[i]
        if kind == "kw" and val == "begincodespacerange":
            i += 1
            while i < n and not (toks[i][0] == "kw" and toks[i][1] == "endcodespacerange"):
                lo, hi = take_hex(i), take_hex(i + 1)
                if lo is None or hi is None:
                    cm.errors.append("bad codespacerange entry")
                    i += 1
                    continue
                cm.codespace.append((len(lo), int.from_bytes(lo, "big"), int.from_bytes(hi, "big")))
                i += 2
        elif kind == "kw" and val == "beginbfchar":
            i += 1
            while i < n and not (toks[i][0] == "kw" and toks[i][1] == "endbfchar"):
                src = take_hex(i)
                if src is None:
                    i += 1
                    continue
                if i + 1 < n and toks[i + 1][0] == "hex":
                    cm.bf[(len(src), int.from_bytes(src, "big"))] = toks[i + 1][1]
                elif i + 1 < n and toks[i + 1][0] == "name":
                    cm.bf[(len(src), int.from_bytes(src, "big"))] = ("name", toks[i + 1][1])
                i += 2
        elif kind == "kw" and val == "beginbfrange":
            i += 1
            while i < n and not (toks[i][0] == "kw" and toks[i][1] == "endbfrange"):
                lo, hi = take_hex(i), take_hex(i + 1)
                if lo is None or hi is None:
                    i += 1
                    continue
                k = i + 2
                if k < n and toks[k] == ("punct", b"["):
                    arr = []
                    k += 1
                    while k < n and toks[k] != ("punct", b"]"):
                        if toks[k][0] == "hex":
                            arr.append(toks[k][1])
                        k += 1
                    dst = arr
                    i = k + 1
                elif k < n and toks[k][0] == "hex":
                    dst = toks[k][1]
                    i = k + 1
                else:
                    i = k + 1
                    continue
                cm.bf_ranges.append((len(lo), int.from_bytes(lo, "big"), int.from_bytes(hi, "big"), dst))
        elif kind == "kw" and val == "begincidchar":
            i += 1
            while i < n and not (toks[i][0] == "kw" and toks[i][1] == "endcidchar"):
                src = take_hex(i)
                if src is None or i + 1 >= n:
                    i += 1
                    continue
                try:
                    cm.cid[(len(src), int.from_bytes(src, "big"))] = int(toks[i + 1][1])
                except (ValueError, TypeError):
                    pass
                i += 2
        elif kind == "kw" and val == "begincidrange":
            i += 1
            while i < n and not (toks[i][0] == "kw" and toks[i][1] == "endcidrange"):
                lo, hi = take_hex(i), take_hex(i + 1)
                if lo is None or hi is None or i + 2 >= n:
                    i += 1
                    continue
                try:
                    c0 = int(toks[i + 2][1])
                except (ValueError, TypeError):
                    i += 3
                    continue
                cm.cid_ranges.append((len(lo), int.from_bytes(lo, "big"), int.from_bytes(hi, "big"), c0))
                i += 3
        elif kind == "kw" and val == "usecmap":
            if i > 0 and toks[i - 1][0] == "name":
                cm.usecmap = toks[i - 1][1]
            i += 1
        elif kind == "name" and val == "WMode":
            if i + 1 < n and toks[i + 1][0] == "kw":
                try:
                    cm.wmode = int(toks[i + 1][1])
                except ValueError:
                    pass
            i += 1
        elif kind == "name" and val == "CMapName":
            if i + 1 < n and toks[i + 1][0] == "name":
                cm.name = toks[i + 1][1]
            i += 1
        else:
            i += 1
    return cm
