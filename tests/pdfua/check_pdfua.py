#!/usr/bin/python3
"""check_pdfua.py - structural checker for the machine-checkable parts of
PDF/UA-1 (ISO 14289-1) and PDF/A-2u (ISO 19005-2, level U).

Usage:  check_pdfua.py [--json] [--no-qpdf] [--warnings-as-errors] FILE...

Each finding is printed as
    FILE: RULE: message (page N / object M)
warnings as
    FILE: RULE: warning: message (...)
Exit status: 0 if no file has an error, 1 if any has, 2 on usage errors.

Rule names follow the clause and test numbers of the public veraPDF rule
profiles ("PDF/UA 7.1-3" = ISO 14289-1 clause 7.1, test 3; "PDF/A 6.2.11.5-1"
= ISO 19005-2 clause 6.2.11.5, test 1), with the Matterhorn Protocol
failure condition named in the message where there is one.  Checks that are
not a clause of either standard but that we require of pdfgen are named
"POLICY ..."; checks of the ISO 32000-1 structure machinery (parent tree,
marked-content balance) are named "ISO32000 ...".

Requires Debian's python3-pikepdf (run with /usr/bin/python3).
"""

import argparse
import codecs
import datetime
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pikepdf  # noqa: E402
from pikepdf import Array, Dictionary, Name, Stream, String  # noqa: E402

import fontprog  # noqa: E402

# ----------------------------------------------------------------- tables

STANDARD_TYPES = set("""
Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot
Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP
Figure Formula Form
""".split())

TEXT_SHOW = {"Tj", "TJ", "'", '"'}
PATH_FILL = {"f", "F", "f*"}
PATH_STROKE = {"S", "s"}
PATH_BOTH = {"B", "B*", "b", "b*"}
PATH_PAINT = PATH_FILL | PATH_STROKE | PATH_BOTH

# ISO 32000-1 Annex A operators (6.2.2-1: no others, even inside BX/EX)
KNOWN_OPS = set("""
b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs
h i ID j J K k l m M MP n q Q re RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf
Tj TJ TL Tm Tr Ts Tw Tz v w W W* y ' "
""".split()) | {"INLINE IMAGE"}

PREDEFINED_CMAPS = set("""
GB-EUC-H GB-EUC-V GBpc-EUC-H GBpc-EUC-V GBK-EUC-H GBK-EUC-V GBKp-EUC-H GBKp-EUC-V
GBK2K-H GBK2K-V UniGB-UCS2-H UniGB-UCS2-V UniGB-UTF16-H UniGB-UTF16-V
B5pc-H B5pc-V HKscs-B5-H HKscs-B5-V ETen-B5-H ETen-B5-V ETenms-B5-H ETenms-B5-V
CNS-EUC-H CNS-EUC-V UniCNS-UCS2-H UniCNS-UCS2-V UniCNS-UTF16-H UniCNS-UTF16-V
83pv-RKSJ-H 90ms-RKSJ-H 90ms-RKSJ-V 90msp-RKSJ-H 90msp-RKSJ-V 90pv-RKSJ-H
Add-RKSJ-H Add-RKSJ-V EUC-H EUC-V Ext-RKSJ-H Ext-RKSJ-V H V
UniJIS-UCS2-H UniJIS-UCS2-V UniJIS-UCS2-HW-H UniJIS-UCS2-HW-V UniJIS-UTF16-H UniJIS-UTF16-V
KSC-EUC-H KSC-EUC-V KSCms-UHC-H KSCms-UHC-V KSCms-UHC-HW-H KSCms-UHC-HW-V
KSCpc-EUC-H UniKS-UCS2-H UniKS-UCS2-V UniKS-UTF16-H UniKS-UTF16-V
Identity-H Identity-V
""".split())

ALLOWED_FILTERS = {"/ASCIIHexDecode", "/ASCII85Decode", "/FlateDecode", "/RunLengthDecode",
                   "/CCITTFaxDecode", "/JBIG2Decode", "/DCTDecode", "/JPXDecode",
                   "/AHx", "/A85", "/Fl", "/RL", "/CCF", "/DCT"}

ALLOWED_ACTIONS = {"GoTo", "GoToR", "GoToE", "Thread", "URI", "Named", "SubmitForm"}
RENDERING_INTENTS = {"RelativeColorimetric", "AbsoluteColorimetric", "Perceptual", "Saturation"}

FORBIDDEN_ACTIONS = {"/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/Hide",
                     "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView", "/JavaScript"}

# glyph names of WinAnsiEncoding, codes 32..255 (None = unassigned)
_WINANSI_NAMES = (
    "space exclam quotedbl numbersign dollar percent ampersand quotesingle parenleft parenright "
    "asterisk plus comma hyphen period slash zero one two three four five six seven eight nine "
    "colon semicolon less equal greater question at A B C D E F G H I J K L M N O P Q R S T U V W X "
    "Y Z bracketleft backslash bracketright asciicircum underscore grave a b c d e f g h i j k l m n "
    "o p q r s t u v w x y z braceleft bar braceright asciitilde bullet Euro bullet quotesinglbase "
    "florin quotedblbase ellipsis dagger daggerdbl circumflex perthousand Scaron guilsinglleft OE "
    "bullet Zcaron bullet bullet quoteleft quoteright quotedblleft quotedblright bullet endash "
    "emdash tilde trademark scaron guilsinglright oe bullet zcaron Ydieresis space exclamdown cent "
    "sterling currency yen brokenbar section dieresis copyright ordfeminine guillemotleft "
    "logicalnot hyphen registered macron degree plusminus twosuperior threesuperior acute mu "
    "paragraph periodcentered cedilla onesuperior ordmasculine guillemotright onequarter onehalf "
    "threequarters questiondown Agrave Aacute Acircumflex Atilde Adieresis Aring AE Ccedilla "
    "Egrave Eacute Ecircumflex Edieresis Igrave Iacute Icircumflex Idieresis Eth Ntilde Ograve "
    "Oacute Ocircumflex Otilde Odieresis multiply Oslash Ugrave Uacute Ucircumflex Udieresis "
    "Yacute Thorn germandbls agrave aacute acircumflex atilde adieresis aring ae ccedilla egrave "
    "eacute ecircumflex edieresis igrave iacute icircumflex idieresis eth ntilde ograve oacute "
    "ocircumflex otilde odieresis divide oslash ugrave uacute ucircumflex udieresis yacute thorn "
    "ydieresis").split()
WINANSI_NAME = {}      # code -> glyph name
GLYPH_UNICODE = {}     # glyph name -> str (a small subset of the Adobe Glyph List)
for _i, _n in enumerate(_WINANSI_NAMES):
    _code = 32 + _i
    try:
        _u = bytes([_code]).decode("cp1252")
    except UnicodeDecodeError:
        _u = None
    if _u is None or (_n == "bullet" and _code != 149):
        continue
    WINANSI_NAME[_code] = _n
    GLYPH_UNICODE.setdefault(_n, _u)
GLYPH_UNICODE.update({
    "dotlessi": "\u0131", "fi": "\ufb01", "fl": "\ufb02", "minus": "\u2212", "fraction": "\u2044",
    "ring": "\u02da", "ogonek": "\u02db", "caron": "\u02c7", "hungarumlaut": "\u02dd",
    "dotaccent": "\u02d9", "breve": "\u02d8", "Lslash": "\u0141", "lslash": "\u0142",
    "nbspace": "\u00a0", "sfthyphen": "\u00ad", "nonbreakingspace": "\u00a0",
    "Delta": "\u2206", "Omega": "\u2126", "pi": "\u03c0", "lozenge": "\u25ca",
    "notequal": "\u2260", "lessequal": "\u2264", "greaterequal": "\u2265", "infinity": "\u221e",
    "partialdiff": "\u2202", "summation": "\u2211", "product": "\u220f", "integral": "\u222b",
    "radical": "\u221a", "approxequal": "\u2248", "apple": "\uf8ff",
})
# common symbol and math names of the Adobe Glyph List
GLYPH_UNICODE.update({
    "angle": "\u2220", "logicalor": "\u2228", "logicaland": "\u2227", "dotmath": "\u22c5",
    "aleph": "\u2135", "asteriskmath": "\u2217", "circlemultiply": "\u2297", "circleplus": "\u2295",
    "club": "\u2663", "diamond": "\u2666", "heart": "\u2665", "spade": "\u2660", "element": "\u2208",
    "notelement": "\u2209", "emptyset": "\u2205", "existential": "\u2203", "universal": "\u2200",
    "gradient": "\u2207", "intersection": "\u2229", "union": "\u222a", "propersubset": "\u2282",
    "propersuperset": "\u2283", "reflexsubset": "\u2286", "reflexsuperset": "\u2287",
    "proportional": "\u221d", "similar": "\u223c", "congruent": "\u2245", "equivalence": "\u2261",
    "therefore": "\u2234", "perpendicular": "\u22a5", "arrowleft": "\u2190", "arrowright": "\u2192",
    "arrowup": "\u2191", "arrowdown": "\u2193", "arrowboth": "\u2194", "arrowdblleft": "\u21d0",
    "arrowdblright": "\u21d2", "arrowdblboth": "\u21d4", "degree": "\u00b0", "prime": "\u2032",
    "second": "\u2033", "weierstrass": "\u2118", "Ifraktur": "\u2111", "Rfraktur": "\u211c",
    "circle": "\u25cb", "filledbox": "\u25a0", "triagup": "\u25b2", "triagdn": "\u25bc",
    "openbullet": "\u25e6", "dagger": "\u2020", "daggerdbl": "\u2021", "section": "\u00a7",
    "multiply": "\u00d7", "divide": "\u00f7", "plusminus": "\u00b1", "minusplus": "\u2213",
    "angleleft": "\u2329", "angleright": "\u232a", "ff": "\ufb00", "ffi": "\ufb03", "ffl": "\ufb04",
    "dotlessj": "\u0237", "space": " ", "florin": "\u0192", "franc": "\u20a3", "lira": "\u20a4",
    "peseta": "\u20a7", "estimated": "\u212e", "afii61352": "\u2116", "checkmark": "\u2713",
})
# Greek letters (names of the Adobe Glyph List)
for _n, _c in zip("Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho "
                  "Sigma Tau Upsilon Phi Chi Psi Omega".split(),
                  list(range(0x391, 0x3A2)) + list(range(0x3A3, 0x3AA))):
    GLYPH_UNICODE.setdefault(_n, chr(_c))
_GREEK_LOWER = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho "
                "sigma1 sigma tau upsilon phi chi psi omega").split()
for _i, _n in enumerate(_GREEK_LOWER):
    GLYPH_UNICODE.setdefault(_n, chr(0x3B1 + _i))

LANG_RE = re.compile(r"^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$")

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
    "pdfaType": "http://www.aiim.org/pdfa/ns/type#",
    "pdfaField": "http://www.aiim.org/pdfa/ns/field#",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
RDF = "{%s}" % NS["rdf"]

# properties of the schemas predefined by XMP 2005 that a PDF typically uses
# (PDF/A 6.6.2.3.1: anything else must come with an extension schema)
PREDEFINED_XMP = {
    NS["dc"]: set("contributor coverage creator date description format identifier language "
                  "publisher relation rights source subject title type".split()),
    NS["xmp"]: set("Advisory BaseURL CreateDate CreatorTool Identifier Label MetadataDate "
                   "ModifyDate Nickname Rating Thumbnails".split()),
    NS["pdf"]: set("Keywords PDFVersion Producer Trapped".split()),
    "http://ns.adobe.com/xap/1.0/rights/": set("Certificate Marked Owner UsageTerms WebStatement".split()),
    "http://ns.adobe.com/xap/1.0/mm/": set("DerivedFrom DocumentID History InstanceID "
                                           "ManagedFrom Manager ManageTo ManageUI ManagerVariant "
                                           "RenditionClass RenditionParams VersionID Versions "
                                           "LastURL RenditionOf SaveID".split()),
    "http://ns.adobe.com/xap/1.0/bj/": {"JobRef"},
    "http://ns.adobe.com/xap/1.0/t/pg/": {"MaxPageSize", "NPages", "Fonts", "Colorants", "PlateNames"},
    "http://ns.adobe.com/photoshop/1.0/": set("AuthorsPosition CaptionWriter Category City Country "
                                              "Credit DateCreated Headline History Instructions "
                                              "Source State SupplementalCategories "
                                              "TransmissionReference Urgency ColorMode ICCProfile"
                                              .split()),
    NS["pdfaid"]: {"part", "conformance", "amd", "corr"},
    NS["pdfaExtension"]: {"schemas"},
}
# namespaces whose whole content is predefined (we do not list every property)
PREDEFINED_NS_ANY = {
    "http://ns.adobe.com/tiff/1.0/", "http://ns.adobe.com/exif/1.0/",
    "http://ns.adobe.com/exif/1.0/aux/", "http://ns.adobe.com/camera-raw-settings/1.0/",
    "http://ns.adobe.com/xmp/1.0/DynamicMedia/",
}
XMP_INTERNAL_NS = {NS["rdf"], NS["x"], NS["xml"], NS["pdfaSchema"], NS["pdfaProperty"],
                   NS["pdfaType"], NS["pdfaField"], "http://ns.adobe.com/xap/1.0/sType/ResourceRef#",
                   "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#",
                   "http://ns.adobe.com/xap/1.0/sType/Version#",
                   "http://ns.adobe.com/xap/1.0/sType/Job#",
                   "http://ns.adobe.com/xap/1.0/sType/Dimensions#",
                   "http://ns.adobe.com/xap/1.0/sType/Font#",
                   "http://ns.adobe.com/xap/1.0/g/", "http://ns.adobe.com/xap/1.0/g/img/"}


# ----------------------------------------------------------------- helpers

def objnum(o):
    try:
        n, _g = o.objgen
        return n or None
    except Exception:
        return None


def key_of(o):
    """A stable identity for an indirect object; None for direct objects."""
    try:
        og = o.objgen
        if og[0]:
            return og
    except Exception:
        pass
    return None


def nm(o):
    """Name value as str without the slash, or None."""
    if isinstance(o, Name):
        return str(o)[1:]
    return None


def is_dict(o):
    return isinstance(o, (Dictionary, Stream))


def get(d, k, default=None):
    try:
        if k in d:
            return d[k]
    except Exception:
        pass
    return default


def as_list(o):
    if o is None:
        return []
    if isinstance(o, Array):
        return list(o)
    return [o]


def pdf_text(o):
    if isinstance(o, String):
        try:
            return str(o)
        except Exception:
            return bytes(o).decode("latin-1")
    return None


def num(o, default=None):
    try:
        return float(o)
    except Exception:
        return default


PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?\s*([Zz+\-])?\s*(\d{2})?'?(\d{2})?'?")
XMP_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
                      r"(Z|[+\-]\d{2}:\d{2})?)?)?)?$")


def parse_pdf_date(s):
    m = PDF_DATE.match(s.strip())
    if not m:
        return None
    y, mo, d, h, mi, se, z, zh, zm = m.groups()
    dt = datetime.datetime(int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0), int(se or 0))
    if z in ("+", "-"):
        off = datetime.timedelta(hours=int(zh or 0), minutes=int(zm or 0))
        dt = dt - off if z == "+" else dt + off
        return dt, True
    if z in ("Z", "z"):
        return dt, True
    return dt, False


def parse_xmp_date(s):
    m = XMP_DATE.match(s.strip())
    if not m:
        return None
    y, mo, d, h, mi, se, z = m.groups()
    dt = datetime.datetime(int(y), int(mo or 1), int(d or 1), int(h or 0), int(mi or 0), int(se or 0))
    if z and z != "Z":
        sign = 1 if z[0] == "+" else -1
        off = datetime.timedelta(hours=int(z[1:3]), minutes=int(z[4:6]))
        dt = dt - sign * off
        return dt, True
    return dt, z == "Z"


class Finding:
    __slots__ = ("rule", "severity", "message", "page", "obj")

    def __init__(self, rule, severity, message, page=None, obj=None):
        self.rule, self.severity, self.message, self.page, self.obj = rule, severity, message, page, obj

    def where(self):
        parts = []
        if self.page is not None:
            parts.append("page %d" % self.page)
        if self.obj is not None:
            parts.append("object %d" % self.obj)
        return (" (%s)" % " / ".join(parts)) if parts else ""

    def as_dict(self):
        return {"rule": self.rule, "severity": self.severity, "message": self.message,
                "page": self.page, "object": self.obj}


# ----------------------------------------------------------------- fonts

class FontInfo:
    """What the checker knows about one font dictionary."""

    def __init__(self, chk, font):
        self.chk = chk
        self.font = font
        self.num = objnum(font)
        self.subtype = nm(get(font, "/Subtype")) or "?"
        self.basefont = nm(get(font, "/BaseFont")) or "(no BaseFont)"
        self.composite = self.subtype == "Type0"
        self.cidfont = None
        self.desc = None
        self.program = None         # SfntFont or CffFont
        self.program_kind = None    # "FontFile", "FontFile2", "FontFile3/<sub>"
        self.program_error = None
        self.embedded = False
        self.tounicode = None       # CMapData or None
        self.tounicode_problem = None
        self.enc_cmap = None        # CMapData for embedded encoding CMaps
        self.cmap_name = None
        self.cid_to_gid = None      # "Identity", bytes, or None
        self.used = {}              # (nbytes, code) -> first (page, objnum)
        self.render_visible = False
        self.symbolic = False
        self.encoding_names = {}    # code -> glyph name (simple fonts)
        self.diff_codes = set()
        self.has_differences = False
        self.base_encoding = None
        self._setup()

    def _setup(self):
        f = self.font
        if self.composite:
            dfs = get(f, "/DescendantFonts")
            if isinstance(dfs, Array) and len(dfs) >= 1 and is_dict(dfs[0]):
                self.cidfont = dfs[0]
            enc = get(f, "/Encoding")
            if isinstance(enc, Name):
                self.cmap_name = nm(enc)
            elif isinstance(enc, Stream):
                self.cmap_name = nm(get(enc, "/CMapName")) or "(embedded)"
                try:
                    self.enc_cmap = fontprog.parse_cmap(enc.read_bytes())
                except Exception as e:  # noqa: BLE001
                    self.enc_cmap = None
                    self.chk.err("PDF/A 6.2.11.3.3-1", "embedded CMap of font %s cannot be read: %s"
                                 % (self.basefont, e), obj=self.num)
            if self.cidfont is not None:
                self.desc = get(self.cidfont, "/FontDescriptor")
                m = get(self.cidfont, "/CIDToGIDMap")
                if isinstance(m, Name) and str(m) == "/Identity":
                    self.cid_to_gid = "Identity"
                elif isinstance(m, Stream):
                    try:
                        self.cid_to_gid = m.read_bytes()
                    except Exception:
                        self.cid_to_gid = None
        else:
            self.desc = get(f, "/FontDescriptor")
        if is_dict(self.desc):
            flags = int(num(get(self.desc, "/Flags"), 0) or 0)
            self.symbolic = bool(flags & 4)
            for kind in ("/FontFile", "/FontFile2", "/FontFile3"):
                ff = get(self.desc, kind)
                if isinstance(ff, Stream):
                    self.embedded = True
                    sub = nm(get(ff, "/Subtype"))
                    self.program_kind = kind[1:] + ("/" + sub if sub else "")
                    self._load_program(ff, kind, sub)
                    break
        tu = get(f, "/ToUnicode")
        if isinstance(tu, Stream):
            try:
                self.tounicode = fontprog.parse_cmap(tu.read_bytes())
            except Exception as e:  # noqa: BLE001
                self.tounicode_problem = "ToUnicode CMap cannot be read: %s" % e
        elif tu is not None:
            self.tounicode_problem = "ToUnicode is not a stream"
        if not self.composite:
            self._simple_encoding()

    def _load_program(self, ff, kind, sub):
        try:
            data = ff.read_bytes()
        except Exception as e:  # noqa: BLE001
            self.program_error = "font program cannot be decoded: %s" % e
            return
        try:
            if kind == "/FontFile2" or (kind == "/FontFile3" and sub == "OpenType"):
                self.program = fontprog.SfntFont(data)
            elif kind == "/FontFile3" and sub in ("Type1C", "CIDFontType0C"):
                self.program = fontprog.CffFont(data)
            else:
                self.program = None   # Type 1 (FontFile): widths not checked
        except (fontprog.FontProgramError, IndexError, ValueError, KeyError,
                __import__("struct").error) as e:
            self.program_error = "font program cannot be parsed: %s" % e
            self.program = None

    def _simple_encoding(self):
        enc = get(self.font, "/Encoding")
        base = None
        diffs = None
        if isinstance(enc, Name):
            base = nm(enc)
        elif is_dict(enc):
            base = nm(get(enc, "/BaseEncoding"))
            diffs = get(enc, "/Differences")
        self.base_encoding = base
        names = {}
        if base == "WinAnsiEncoding":
            names.update(WINANSI_NAME)
        elif base == "MacRomanEncoding":
            for c in range(32, 256):
                try:
                    u = bytes([c]).decode("mac_roman")
                except UnicodeDecodeError:
                    continue
                names[c] = ("uni%04X" % ord(u)) if u not in GLYPH_UNICODE.values() else \
                    next(k for k, v in GLYPH_UNICODE.items() if v == u)
        elif base is None and not self.symbolic and self.subtype in ("Type1", "MMType1", "TrueType"):
            # StandardEncoding (approximately: ASCII with curly quotes)
            for c in range(32, 127):
                names[c] = WINANSI_NAME.get(c)
            names[39] = "quoteright"
            names[96] = "quoteleft"
        if isinstance(diffs, Array):
            code = None
            for item in diffs:
                if isinstance(item, Name):
                    if code is not None:
                        names[code] = nm(item)
                        code += 1
                else:
                    code = int(num(item, 0))
        self.diff_codes = set()
        if isinstance(diffs, Array):
            code = None
            for item in diffs:
                if isinstance(item, Name):
                    if code is not None:
                        self.diff_codes.add(code)
                        code += 1
                else:
                    code = int(num(item, 0))
        self.encoding_names = {k: v for k, v in names.items() if v}
        self.has_differences = isinstance(diffs, Array)

    # code handling --------------------------------------------------
    def split(self, data):
        """Split a shown string into (nbytes, code) pairs."""
        data = bytes(data)
        if not self.composite:
            return [(1, b) for b in data]
        if self.enc_cmap is not None and self.enc_cmap.codespace:
            return self.enc_cmap.split(data)
        if self.cmap_name in ("Identity-H", "Identity-V") or True:
            # Identity and (approximately) the predefined CJK CMaps: 2 bytes
            out = []
            for i in range(0, len(data) - 1, 2):
                out.append((2, (data[i] << 8) | data[i + 1]))
            if len(data) % 2:
                out.append((1, data[-1]))
            return out

    def cid_for(self, nb, code):
        if not self.composite:
            return None
        if self.cmap_name in ("Identity-H", "Identity-V"):
            return code if nb == 2 else None
        if self.enc_cmap is not None:
            return self.enc_cmap.cid_for(nb, code)
        return None

    def gid_for(self, nb, code):
        """Glyph index in the embedded program, or None if not determinable."""
        p = self.program
        if p is None:
            return None
        if self.composite:
            cid = self.cid_for(nb, code)
            if cid is None:
                return None
            if isinstance(p, fontprog.CffFont):
                return p.gid_for_cid(cid)
            if self.cid_to_gid == "Identity" or self.cid_to_gid is None:
                return cid
            m = self.cid_to_gid
            if 2 * cid + 1 < len(m):
                return (m[2 * cid] << 8) | m[2 * cid + 1]
            return 0
        if isinstance(p, fontprog.SfntFont):
            cm = p.cmaps()
            if self.symbolic or not (self.subtype == "TrueType"):
                for key in ((3, 0), (1, 0)):
                    t = cm.get(key)
                    if t:
                        for c in (code, 0xF000 + code, 0xF100 + code, 0xF200 + code):
                            if c in t:
                                return t[c]
                # a single subtable of any kind
                if len(cm) == 1:
                    t = next(iter(cm.values()))
                    return t.get(code, 0)
                return 0 if cm else None
            gname = self.encoding_names.get(code)
            t31 = cm.get((3, 1))
            if t31 is not None and gname:
                u = glyph_to_unicode(gname)
                if u and len(u) == 1 and ord(u) in t31:
                    return t31[ord(u)]
            t10 = cm.get((1, 0))
            if t10 is not None and code in t10:
                return t10[code]
            if t31 is not None:
                try:
                    u = bytes([code]).decode("cp1252")
                    return t31.get(ord(u), 0)
                except UnicodeDecodeError:
                    return 0
            return 0 if cm else None
        return None   # simple CFF: would need glyph names; not checked

    def dict_width(self, nb, code):
        if self.composite:
            cf = self.cidfont
            if cf is None:
                return None
            cid = self.cid_for(nb, code)
            if cid is None:
                return None
            if not hasattr(self, "_wmap"):
                self._wmap = parse_w_array(get(cf, "/W"))
            w = self._wmap.get(cid)
            if w is None:
                w = num(get(cf, "/DW"), 1000.0)
            return w
        fc = num(get(self.font, "/FirstChar"))
        ws = get(self.font, "/Widths")
        if fc is not None and isinstance(ws, Array):
            i = code - int(fc)
            if 0 <= i < len(ws):
                return num(ws[i], 0.0)
        if is_dict(self.desc):
            return num(get(self.desc, "/MissingWidth"), 0.0)
        return 0.0

    def unicode_for(self, nb, code):
        """(text or None, how) for a shown code."""
        if self.tounicode is not None:
            v = self.tounicode.unicode_for(nb, code)
            if isinstance(v, tuple):    # bfchar with a name destination
                u = glyph_to_unicode(v[1])
                return (u, "ToUnicode name") if u else (None, "ToUnicode")
            if v is not None:
                try:
                    return v.decode("utf-16-be", errors="surrogatepass"), "ToUnicode"
                except Exception:
                    return None, "ToUnicode"
        # ISO 19005-2 6.2.11.7.2 alternatives when no ToUnicode entry
        if self.composite:
            cf = self.cidfont
            si = get(cf, "/CIDSystemInfo") if cf is not None else None
            ordering = pdf_text(get(si, "/Ordering")) if is_dict(si) else None
            reg = pdf_text(get(si, "/Registry")) if is_dict(si) else None
            enc = get(self.font, "/Encoding")
            predefined = isinstance(enc, Name)
            if isinstance(enc, Stream):
                # an embedded CMap counts when it names the same character collection
                csi = get(enc, "/CIDSystemInfo")
                si = get(cf, "/CIDSystemInfo") if cf is not None else None
                if is_dict(csi) and is_dict(si) and pdf_text(get(csi, "/Registry")) == reg and \
                        pdf_text(get(csi, "/Ordering")) == ordering and \
                        num(get(si, "/Supplement"), 0) <= num(get(csi, "/Supplement"), 0):
                    predefined = True
            if predefined and ((self.cmap_name in PREDEFINED_CMAPS and
                                self.cmap_name not in ("Identity-H", "Identity-V"))
                               or (reg == "Adobe" and ordering in ("GB1", "CNS1", "Japan1", "Korea1"))):
                return "\ufffd", "predefined CMap"
            return None, "none"
        if self.subtype == "Type3" or self.subtype in ("Type1", "MMType1", "TrueType"):
            if self.subtype == "TrueType" and self.symbolic and not self.has_differences:
                return None, "none"
            gname = self.encoding_names.get(code)
            if gname:
                u = glyph_to_unicode(gname)
                if u:
                    return u, "glyph name"
            if code not in self.diff_codes and self.base_encoding in (
                    "WinAnsiEncoding", "MacRomanEncoding", "MacExpertEncoding"):
                return "\ufffd", "standard encoding"
            bname = self.builtin_names().get(code)
            if bname and code not in self.diff_codes and bname != ".notdef":
                u = glyph_to_unicode(bname)
                if u:
                    return u, "built-in encoding"
        return None, "none"

    def builtin_names(self):
        """Encoding built into an embedded Type 1 (FontFile) program: code -> glyph name."""
        if hasattr(self, "_builtin"):
            return self._builtin
        self._builtin = {}
        ff = get(self.desc, "/FontFile") if is_dict(self.desc) else None
        if isinstance(ff, Stream):
            try:
                data = ff.read_bytes()
                l1 = int(num(get(ff, "/Length1"), len(data)))
                clear = data[:l1]
                if b"/Encoding StandardEncoding" in clear:
                    self._builtin = dict(WINANSI_NAME)
                for c, gname in re.findall(rb"dup\s+(\d+)\s*/([^\s/\[\]{}()<>]+)\s+put", clear):
                    self._builtin[int(c)] = gname.decode("latin-1")
            except Exception:  # noqa: BLE001
                pass
        return self._builtin


def glyph_to_unicode(name):
    if name in GLYPH_UNICODE:
        return GLYPH_UNICODE[name]
    base = name.split(".")[0].split("_")[0]
    if base in GLYPH_UNICODE:
        return GLYPH_UNICODE[base]
    m = re.match(r"^uni([0-9A-F]{4})+$", base)
    if m:
        hexs = base[3:]
        try:
            return "".join(chr(int(hexs[i:i + 4], 16)) for i in range(0, len(hexs), 4))
        except ValueError:
            return None
    m = re.match(r"^u([0-9A-F]{4,6})$", base)
    if m:
        v = int(m.group(1), 16)
        if v < 0x110000:
            return chr(v)
    return None


def parse_w_array(w):
    out = {}
    if not isinstance(w, Array):
        return out
    items = list(w)
    i = 0
    while i < len(items):
        c = num(items[i])
        if c is None:
            break
        if i + 1 < len(items) and isinstance(items[i + 1], Array):
            for k, v in enumerate(items[i + 1]):
                out[int(c) + k] = num(v, 0.0)
            i += 2
        elif i + 2 < len(items):
            c2, v = num(items[i + 1]), num(items[i + 2], 0.0)
            if c2 is None:
                break
            if c2 - c < 70000:
                for k in range(int(c), int(c2) + 1):
                    out[k] = v
            i += 3
        else:
            break
    return out


# ----------------------------------------------------------------- checker

class Checker:
    def __init__(self, path, run_qpdf=True, pdfa_conformance=("U", "A")):
        self.path = path
        self.run_qpdf = run_qpdf
        self.pdfa_conformance = tuple(pdfa_conformance)
        self.findings = []
        self.pdf = None
        self.root = None
        self.page_index = {}        # page objgen -> 1-based number
        self.fonts = {}             # font key -> FontInfo
        self.cat_lang = None
        self.output_cs = None       # "RGB ", "CMYK", "GRAY" from the PDF/A output intent
        self.elems = {}             # elem key -> info
        self.elem_order = []
        self.parent_tree = {}       # int key -> value
        self.used_mcids = {}        # ctx key -> {mcid: (page, objnum)}
        self.elem_mcids = {}        # (ctx key, mcid) -> elem key
        self.ctx_page = {}          # ctx key -> page number
        self.ctx_structparents = {}  # ctx key -> StructParents value or None
        self.xmp = None
        self.reported = set()

    # reporting -----------------------------------------------------
    def add(self, rule, sev, msg, page=None, obj=None, once=None):
        if once is not None:
            if once in self.reported:
                return
            self.reported.add(once)
        self.findings.append(Finding(rule, sev, msg, page, obj))

    def err(self, rule, msg, page=None, obj=None, once=None):
        self.add(rule, "error", msg, page, obj, once)

    def warn(self, rule, msg, page=None, obj=None, once=None):
        self.add(rule, "warning", msg, page, obj, once)

    def note(self, rule, msg, page=None, obj=None, once=None):
        self.add(rule, "note", msg, page, obj, once)

    # main ----------------------------------------------------------
    def run(self):
        try:
            with open(self.path, "rb") as fh:
                raw = fh.read()
        except OSError as e:
            self.err("IO", "cannot read file: %s" % e)
            return self.findings
        self.check_header(raw)
        try:
            self.pdf = pikepdf.open(self.path)
        except pikepdf.PasswordError:
            self.err("PDF/A 6.1.3-2", "file is encrypted with a user password (Matterhorn 26-001)")
            return self.findings
        except Exception as e:  # noqa: BLE001
            self.err("ISO32000 parse", "pikepdf cannot open the file: %s" % e)
            return self.findings
        with self.pdf:
            self.root = self.pdf.Root
            for i, p in enumerate(self.pdf.pages):
                k = key_of(p.obj)
                if k:
                    self.page_index[k] = i + 1
            steps = [self.check_trailer, self.check_catalog, self.check_xmp, self.check_info_vs_xmp,
                     self.check_output_intents, self.check_objects, self.check_reachable_dicts,
                     self.load_parent_tree,
                     self.walk_struct_tree, self.check_content, self.check_parent_tree_round_trip,
                     self.check_fonts, self.check_annotations]
            for step in steps:
                try:
                    step()
                except Exception as e:  # noqa: BLE001  (a checker bug must not hide other checks)
                    self.err("CHECKER", "internal error in %s: %s: %s"
                             % (step.__name__, type(e).__name__, e))
        if self.run_qpdf:
            self.check_qpdf()
        return self.findings

    # ---------------------------------------------------------------- file
    def check_header(self, raw):
        first_eol = re.search(rb"\r\n|\r|\n", raw[:1100])
        if not raw.startswith(b"%PDF-"):
            self.err("PDF/A 6.1.2-1", "file does not start with %PDF- at byte 0")
            return
        line = raw[:first_eol.start()] if first_eol else raw[:20]
        if not re.match(rb"^%PDF-1\.[0-7]$", line):
            self.err("PDF/A 6.1.2-1", "header line is %r, expected %%PDF-1.n (n = 0..7) then EOL "
                     "(also PDF/UA 6.1-1)" % line[:20])
        if first_eol is None:
            return
        rest = raw[first_eol.end():first_eol.end() + 64]
        m = re.match(rb"%([^\r\n]*)", rest)
        if not m or len(m.group(1)) < 4 or any(b <= 127 for b in m.group(1)[:4]):
            self.err("PDF/A 6.1.2-2", "second line must be a comment of at least 4 bytes > 127")
        # 6.1.3-3: nothing after the last %%EOF but one optional EOL
        idx = raw.rfind(b"%%EOF")
        if idx < 0:
            self.err("PDF/A 6.1.3-3", "no %%EOF marker")
        else:
            tail = raw[idx + 5:]
            if tail not in (b"", b"\n", b"\r", b"\r\n"):
                self.err("PDF/A 6.1.3-3", "%d bytes follow the last %%%%EOF" % len(tail))

    def check_trailer(self):
        tr = self.pdf.trailer
        ids = get(tr, "/ID")
        if not (isinstance(ids, Array) and len(ids) == 2
                and all(isinstance(x, String) and len(bytes(x)) > 0 for x in ids)):
            self.err("PDF/A 6.1.3-1", "trailer has no /ID of two non-empty byte strings")
        if "/Encrypt" in tr or self.pdf.is_encrypted:
            self.err("PDF/A 6.1.3-2", "file is encrypted (trailer /Encrypt)")
            enc = get(tr, "/Encrypt")
            p = num(get(enc, "/P")) if is_dict(enc) else None
            if p is None or (int(p) & 512) == 0:
                self.err("PDF/UA 7.16-1", "encryption /P does not grant bit 10 (assistive "
                         "technology access) (Matterhorn 26-002)")

    # ---------------------------------------------------------------- catalog
    def check_catalog(self):
        r = self.root
        mi = get(r, "/MarkInfo")
        marked = get(mi, "/Marked") if is_dict(mi) else None
        if marked is not True and not (isinstance(marked, bool) and marked):
            self.err("PDF/UA 6.2-1", "catalog /MarkInfo << /Marked true >> missing (Matterhorn 01-002)")
        if is_dict(mi) and get(mi, "/Suspects") is True:
            self.err("PDF/UA 7.1-4", "/MarkInfo /Suspects is true (Matterhorn 01-003)")
        if not is_dict(get(r, "/StructTreeRoot")):
            self.err("PDF/UA 7.1-11", "catalog has no /StructTreeRoot (Matterhorn 01-006)")
        lang = get(r, "/Lang")
        if isinstance(lang, String) and pdf_text(lang).strip():
            self.cat_lang = pdf_text(lang)
            if not LANG_RE.match(self.cat_lang):
                self.err("PDF/UA 7.2-29", "catalog /Lang %r is not a language identifier "
                         "(Matterhorn 11-006)" % self.cat_lang)
        else:
            if isinstance(lang, String):
                self.err("PDF/UA 7.2-29", "catalog /Lang is the empty string, not a language identifier")
            self.err("POLICY catalog-lang", "catalog /Lang is missing or empty (pdfgen sets it; "
                     "Matterhorn 11-001 unless every text has its own Lang)")
        vp = get(r, "/ViewerPreferences")
        if not (is_dict(vp) and get(vp, "/DisplayDocTitle") is True):
            self.err("PDF/UA 7.1-10", "/ViewerPreferences /DisplayDocTitle true missing (Matterhorn 07-001)")
        if "/AA" in r:
            self.err("PDF/A 6.5.2-1", "catalog has an /AA (additional actions) entry")
        if "/NeedsRendering" in r and get(r, "/NeedsRendering") is True:
            self.err("PDF/A 6.4.2-2", "catalog has /NeedsRendering true")
        if "/Requirements" in r:
            self.err("PDF/A 6.11-1", "catalog has a /Requirements entry")
        af = get(r, "/AcroForm")
        if is_dict(af):
            if "/XFA" in af:
                self.err("PDF/A 6.4.2-1", "AcroForm has /XFA (PDF/UA 7.15)")
            if get(af, "/NeedAppearances") is True:
                self.err("PDF/A 6.4.1-3", "AcroForm /NeedAppearances true")
        names = get(r, "/Names")
        if is_dict(names):
            if "/JavaScript" in names:
                self.err("PDF/A 6.5.1-1", "catalog name dictionary has /JavaScript")
            if "/EmbeddedFiles" in names:
                self.err("POLICY no-embedded-files", "name dictionary has /EmbeddedFiles "
                         "(pdfgen output must have none; PDF/A-2 6.8 allows only PDF/A attachments)")
            if "/AlternatePresentations" in names:
                self.err("PDF/A 6.10-1", "name dictionary has /AlternatePresentations")
        ol = get(r, "/Outlines")
        if is_dict(ol) and is_dict(get(ol, "/First")) and self.cat_lang is None:
            self.err("PDF/UA 7.2-2", "outline entries exist but the catalog has no /Lang")
        md = get(r, "/Metadata")
        if not isinstance(md, Stream):
            self.err("PDF/UA 7.1-8", "catalog has no /Metadata stream (Matterhorn 06-001)")
            self.err("PDF/A 6.6.2.1-1", "catalog has no /Metadata stream")
            return
        if nm(get(md, "/Type")) != "Metadata" or nm(get(md, "/Subtype")) != "XML":
            self.err("PDF/UA 7.1-8", "metadata stream lacks /Type /Metadata /Subtype /XML "
                     "(PDF/A 6.6.2.1-1)", obj=objnum(md))
        if "/Filter" in md:
            self.err("POLICY xmp-uncompressed", "catalog /Metadata stream has a /Filter (pdfgen writes "
                     "it uncompressed so that any tool can find it)", obj=objnum(md))

    # ---------------------------------------------------------------- XMP
    def check_xmp(self):
        md = get(self.root, "/Metadata")
        if not isinstance(md, Stream):
            self.err("PDF/A 6.6.4-1", "no XMP, so no pdfaid identification")
            self.err("PDF/UA 5-1", "no XMP, so no pdfuaid identification (Matterhorn 06-002)")
            self.err("PDF/UA 7.1-9", "no XMP, so no dc:title (Matterhorn 06-003)")
            return
        try:
            data = md.read_bytes()
        except Exception as e:  # noqa: BLE001
            self.err("PDF/A 6.6.2.1-4", "metadata stream cannot be decoded: %s" % e, obj=objnum(md))
            return
        hdr = re.search(rb"<\?xpacket\s+([^?]*begin\s*=[^?]*)\?>", data)
        if hdr:
            attrs = hdr.group(1)
            if re.search(rb"\bbytes\s*=", attrs):
                self.err("PDF/A 6.6.2.1-2", "xpacket header has a bytes attribute", obj=objnum(md))
            if re.search(rb"\bencoding\s*=", attrs):
                self.err("PDF/A 6.6.2.1-3", "xpacket header has an encoding attribute", obj=objnum(md))
        if data.startswith(codecs.BOM_UTF16_BE) or data.startswith(codecs.BOM_UTF16_LE) or \
                re.match(rb"^(\x00[^\x00])+", data[:8]) or re.match(rb"^([^\x00]\x00)+", data[:8]):
            self.err("PDF/A 6.6.2.1-5", "XMP is not encoded as UTF-8", obj=objnum(md))
            return
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            self.err("PDF/A 6.6.2.1-5", "XMP is not valid UTF-8", obj=objnum(md))
            return
        try:
            tree = ET.fromstring(data.strip(b"\x00 \r\n\t"))
        except ET.ParseError as e:
            self.err("PDF/A 6.6.2.1-4", "XMP is not well-formed XML: %s" % e, obj=objnum(md))
            return
        self.xmp_obj = objnum(md)
        props = collect_xmp_properties(tree, xmp_prefixes(data))
        self.xmp = props
        if props.get("_errors"):
            for e in props["_errors"]:
                self.err("PDF/A 6.6.2.1-4", "XMP does not follow the RDF serialization: %s" % e, obj=objnum(md))
        P = props["values"]

        # pdfaid
        part = P.get((NS["pdfaid"], "part"))
        conf = P.get((NS["pdfaid"], "conformance"))
        if part is None and conf is None:
            self.err("PDF/A 6.6.4-1", "XMP has no PDF/A identification (pdfaid:part/conformance)",
                     obj=objnum(md))
        else:
            if not (isinstance(part, str) and part.strip() == "2"):
                self.err("PDF/A 6.6.4-2", "pdfaid:part is %r, expected 2" % (part,), obj=objnum(md))
            if not (isinstance(conf, str) and conf.strip() in self.pdfa_conformance):
                self.err("PDF/A 6.6.4-3", "pdfaid:conformance is %r, expected %s" % (
                    conf, " or ".join(self.pdfa_conformance)), obj=objnum(md))
            for prop, rule in (("part", "4"), ("conformance", "5"), ("amd", "6"), ("corr", "7")):
                pre = props["prefixes"].get((NS["pdfaid"], prop))
                if pre is not None and pre != "pdfaid":
                    self.err("PDF/A 6.6.4-%s" % rule, "pdfaid:%s is written with prefix %r" % (prop, pre),
                             obj=objnum(md))
        # pdfuaid
        uapart = P.get((NS["pdfuaid"], "part"))
        if uapart is None:
            self.err("PDF/UA 5-1", "XMP has no pdfuaid:part (Matterhorn 06-002)", obj=objnum(md))
        else:
            if not (isinstance(uapart, str) and uapart.strip() == "1"):
                self.err("PDF/UA 5-2", "pdfuaid:part is %r, expected 1" % (uapart,), obj=objnum(md))
            for prop, rule in (("part", "3"), ("amd", "4"), ("corr", "5")):
                pre = props["prefixes"].get((NS["pdfuaid"], prop))
                if pre is not None and pre != "pdfuaid":
                    self.err("PDF/UA 5-%s" % rule, "pdfuaid:%s is written with prefix %r" % (prop, pre),
                             obj=objnum(md))
        # dc:title
        title = P.get((NS["dc"], "title"))
        if not title or (isinstance(title, dict) and not any((v or "").strip() for v in title.values())):
            self.err("PDF/UA 7.1-9", "XMP has no (non-empty) dc:title (Matterhorn 06-003)", obj=objnum(md))
        if isinstance(title, dict) and "x-default" in title and self.cat_lang is None:
            self.err("PDF/UA 7.2-33", "dc:title x-default has no language: catalog /Lang missing")

        for (ns, local), (kind, texts) in props["kinds"].items():
            exp = XMP_TYPES.get(ns, {}).get(local)
            if exp is None:
                continue
            prob = xmp_type_problem(exp, kind, texts)
            if prob:
                self.err("PDF/A 6.6.2.3.1-2", "XMP property %s:%s %s" % (props["prefixes"].get((ns, local)) or ns,
                                                                        local, prob), obj=objnum(md))
        # extension schemas (6.6.2.3.2 / 6.6.2.3.3) and use of undeclared properties (6.6.2.3.1)
        self._check_extension_schemas(props, objnum(md))

    def _check_extension_schemas(self, props, onum):
        declared = {}   # ns -> {prop name: valueType}
        for sch in props["schemas"]:
            probs = sch.get("problems", [])
            for rule, msg in probs:
                self.err(rule, msg, obj=onum)
            ns = sch.get("namespaceURI")
            if ns:
                declared.setdefault(ns, {}).update(sch.get("properties", {}))
        for (ns, local), pre in props["prefixes"].items():
            if ns in XMP_INTERNAL_NS:
                continue
            if ns in PREDEFINED_XMP and local in PREDEFINED_XMP[ns]:
                continue
            if ns in PREDEFINED_NS_ANY:
                continue
            if ns in declared and local in declared[ns]:
                continue
            extra = ""
            if ns == NS["pdfuaid"]:
                extra = " (PDF/A-2 needs a pdfaExtension:schemas entry for the PDF/UA identification " \
                        "schema, namespaceURI %s, property part of valueType Integer)" % NS["pdfuaid"]
            self.err("PDF/A 6.6.2.3.1-1", "XMP property %s:%s (%s) is neither predefined nor declared in "
                     "an extension schema%s" % (pre, local, ns, extra), obj=onum)
        if NS["pdfuaid"] in declared:
            vt = declared[NS["pdfuaid"]].get("part")
            if vt is not None and vt != "Integer":
                self.err("PDF/A 6.6.2.3.1-2", "extension schema declares pdfuaid:part with valueType %r, "
                         "expected Integer" % vt, obj=onum)

    def check_info_vs_xmp(self):
        info = get(self.pdf.trailer, "/Info")
        if not is_dict(info) or self.xmp is None:
            return
        P = self.xmp["values"]
        rule = "PDF/A 6.6.3 (Info/XMP)"

        def xmp_str(key):
            v = P.get(key)
            if isinstance(v, dict):
                return v.get("x-default", next(iter(v.values()), None))
            if isinstance(v, list):
                return ", ".join(v) if v else None
            return v

        pairs = [("/Title", (NS["dc"], "title")), ("/Producer", (NS["pdf"], "Producer")),
                 ("/Author", (NS["dc"], "creator")), ("/Subject", (NS["dc"], "description")),
                 ("/Keywords", (NS["pdf"], "Keywords")), ("/Creator", (NS["xmp"], "CreatorTool"))]
        for ik, xk in pairs:
            if ik not in info:
                continue
            iv = pdf_text(get(info, ik))
            xv = xmp_str(xk)
            if iv is None:
                continue
            if xv is None:
                self.err(rule, "Info %s is set but XMP has no %s" % (ik, xk[1]), obj=objnum(info))
            elif xv != iv:
                self.err(rule, "Info %s %r differs from XMP %s %r" % (ik, iv, xk[1], xv), obj=objnum(info))
        for ik, xk in (("/CreationDate", (NS["xmp"], "CreateDate")), ("/ModDate", (NS["xmp"], "ModifyDate"))):
            if ik not in info:
                continue
            iv = pdf_text(get(info, ik))
            xv = xmp_str(xk)
            if xv is None:
                self.err(rule, "Info %s is set but XMP has no xmp:%s" % (ik, xk[1]), obj=objnum(info))
                continue
            a = parse_pdf_date(iv or "")
            b = parse_xmp_date(xv)
            if a is None:
                self.err("ISO32000 date", "Info %s %r is not a PDF date" % (ik, iv), obj=objnum(info))
                continue
            if b is None:
                self.err(rule, "XMP xmp:%s %r is not an XMP date" % (xk[1], xv), obj=objnum(info))
                continue
            if a[1] and b[1]:
                same = a[0] == b[0]
            else:
                same = abs((a[0] - b[0]).total_seconds()) <= 14 * 3600 and a[0].minute == b[0].minute
            if not same:
                self.err(rule, "Info %s %s and XMP xmp:%s %s are different instants"
                         % (ik, iv, xk[1], xv), obj=objnum(info))

    # ---------------------------------------------------------------- output intents
    def check_output_intents(self):
        ois = get(self.root, "/OutputIntents")
        pdfa = []
        if isinstance(ois, Array):
            for oi in ois:
                if not is_dict(oi):
                    continue
                if nm(get(oi, "/S")) == "GTS_PDFA1":
                    pdfa.append(oi)
                if nm(get(oi, "/S")) == "GTS_PDFX" and "/DestOutputProfileRef" in oi:
                    self.err("PDF/A 6.2.3-3", "PDF/X output intent has /DestOutputProfileRef", obj=objnum(oi))
        profiles = set()
        for oi in (list(ois) if isinstance(ois, Array) else []):
            if is_dict(oi) and isinstance(get(oi, "/DestOutputProfile"), Stream):
                profiles.add(key_of(get(oi, "/DestOutputProfile")))
        if len(profiles) > 1:
            self.err("PDF/A 6.2.3-2", "output intents use different DestOutputProfile streams")
        if not pdfa:
            self.note("PDF/A 6.2.3", "no /GTS_PDFA1 output intent: every device colour use will fail 6.2.4.3")
            return
        oi = pdfa[0]
        prof = get(oi, "/DestOutputProfile")
        if not isinstance(prof, Stream):
            self.err("PDF/A 6.2.3-1", "GTS_PDFA1 output intent has no DestOutputProfile stream", obj=objnum(oi))
            return
        try:
            icc = prof.read_bytes()
        except Exception as e:  # noqa: BLE001
            self.err("PDF/A 6.2.3-1", "DestOutputProfile cannot be decoded: %s" % e, obj=objnum(prof))
            return
        ok = self._check_icc(icc, prof, output=True)
        if ok:
            self.output_cs = icc[16:20].decode("latin-1")

    def _check_icc(self, icc, stream, output):
        rule = "PDF/A 6.2.3-1" if output else "PDF/A 6.2.4.2-1"
        if len(icc) < 128 or icc[36:40] != b"acsp":
            self.err(rule, "ICC profile header is not valid (no 'acsp' signature)", obj=objnum(stream))
            return False
        major = icc[8]
        if major not in (2, 4):
            self.err(rule, "ICC profile version %d.%d is not 2.x or 4.x" % (major, icc[9] >> 4),
                     obj=objnum(stream))
            return False
        cls = icc[12:16]
        cs = icc[16:20]
        allowed = (b"prtr", b"mntr") if output else (b"prtr", b"mntr", b"scnr", b"spac")
        if cls not in allowed:
            self.err(rule, "ICC device class %r is not %s" % (cls.decode("latin-1"), "/".join(
                a.decode() for a in allowed)), obj=objnum(stream))
            return False
        ncomp = {b"RGB ": 3, b"CMYK": 4, b"GRAY": 1, b"Lab ": 3}.get(cs)
        if ncomp is None:
            self.err(rule, "ICC colour space %r not allowed" % cs.decode("latin-1"), obj=objnum(stream))
            return False
        n = num(get(stream, "/N"))
        if n is None or int(n) != ncomp:
            self.err(rule, "ICC stream /N is %s but the profile's colour space %r has %d components"
                     % (n, cs.decode("latin-1"), ncomp), obj=objnum(stream))
            return False
        return True

    # ---------------------------------------------------------------- all objects
    def check_objects(self):
        seen_icc = set()
        for obj in self.pdf.objects:
            if not is_dict(obj):
                continue
            onum = objnum(obj)
            if isinstance(obj, Stream):
                filt = get(obj, "/Filter")
                for f in as_list(filt):
                    if isinstance(f, Name) and str(f) not in ALLOWED_FILTERS:
                        self.err("PDF/A 6.1.7.2-1", "stream uses filter %s" % f, obj=onum)
                for k in ("/F", "/FFilter", "/FDecodeParms"):
                    if k in obj:
                        self.err("PDF/A 6.1.7.1-3", "stream dictionary has %s" % k, obj=onum)
                        break
                st = nm(get(obj, "/Subtype"))
                if nm(get(obj, "/Type")) == "EmbeddedFile":
                    self.err("POLICY no-embedded-files", "file has an embedded file stream", obj=onum)
                if st == "Image":
                    self._check_image_dict(obj, onum)
                if st == "PS":
                    self.err("PDF/A 6.2.9-3", "PostScript XObject", obj=onum)
                if st == "Form":
                    if "/Ref" in obj:
                        self.err("PDF/A 6.2.9-2", "reference XObject (also PDF/UA 7.20-1)", obj=onum)
                    if "/OPI" in obj or "/PS" in obj or nm(get(obj, "/Subtype2")) == "PS":
                        self.err("PDF/A 6.2.9-1", "form XObject with OPI/PS/Subtype2 PS", obj=onum)
                continue
            t = nm(get(obj, "/Type"))
            if "/EF" in obj and (t == "Filespec" or "/F" in obj or "/UF" in obj):
                self.err("POLICY no-embedded-files", "file specification with /EF (embedded file)", obj=onum)
                if "/F" not in obj or "/UF" not in obj:
                    self.err("PDF/A 6.8-2", "embedded file specification lacks /F or /UF "
                             "(PDF/UA 7.11-1)", obj=onum)
            if t == "ExtGState":
                if "/TR" in obj:
                    self.err("PDF/A 6.2.5-1", "ExtGState has /TR", obj=onum)
                if "/TR2" in obj and nm(get(obj, "/TR2")) != "Default":
                    self.err("PDF/A 6.2.5-2", "ExtGState has /TR2 other than /Default", obj=onum)
                if "/HTP" in obj:
                    self.err("PDF/A 6.2.5-3", "ExtGState has /HTP", obj=onum)
            if t == "OutputIntent":
                continue
        # ICCBased colour spaces anywhere (6.2.4.2-1)
        for obj in self.pdf.objects:
            if isinstance(obj, Array) and len(obj) == 2 and nm(obj[0]) == "ICCBased" \
                    and isinstance(obj[1], Stream):
                k = key_of(obj[1])
                if k in seen_icc:
                    continue
                seen_icc.add(k)
                try:
                    self._check_icc(obj[1].read_bytes(), obj[1], output=False)
                except Exception as e:  # noqa: BLE001
                    self.err("PDF/A 6.2.4.2-1", "ICC profile cannot be decoded: %s" % e, obj=objnum(obj[1]))
        for i, p in enumerate(self.pdf.pages):
            if "/AA" in p.obj:
                self.err("PDF/A 6.5.2-2", "page has an /AA entry", page=i + 1)
            if "/PresSteps" in p.obj:
                self.err("PDF/A 6.10-2", "page has /PresSteps", page=i + 1)

    def check_reachable_dicts(self):
        """Actions, halftones and rendering intents, in direct and indirect dictionaries."""
        seen = set()
        actions = []

        def visit(o, onum, depth, key_in_parent):
            if depth > 40:
                return
            if is_dict(o):
                k = key_of(o)
                if k is not None:
                    if k in seen:
                        return
                    seen.add(k)
                    onum = k[0]
                if key_in_parent in ("/A", "/PA", "/OpenAction", "/Next") or nm(get(o, "/Type")) == "Action" \
                        or (key_in_parent is not None and key_in_parent.startswith("AA:")):
                    if isinstance(get(o, "/S"), Name):
                        actions.append((o, onum))
                if nm(get(o, "/Type")) == "Halftone" or "/HalftoneType" in o:
                    ht = num(get(o, "/HalftoneType"))
                    if ht not in (1, 5):
                        self.err("PDF/A 6.2.5-4", "halftone of HalftoneType %s (only 1 and 5 allowed)" % ht,
                                 obj=onum)
                    if "/HalftoneName" in o:
                        self.err("PDF/A 6.2.5-5", "halftone with /HalftoneName", obj=onum)
                ri = get(o, "/RI")
                if ri is None and nm(get(o, "/Subtype")) == "Image":
                    ri = get(o, "/Intent")
                if isinstance(ri, Name) and nm(ri) not in RENDERING_INTENTS:
                    self.err("PDF/A 6.2.6-1", "rendering intent %s is not one of the four standard ones" % ri,
                             obj=onum)
                for kk in list(o.keys()):
                    if kk in ("/Parent", "/P", "/Prev", "/Last", "/Pg", "/ParentTree", "/StructParents"):
                        continue
                    sub = kk
                    if key_in_parent == "/AA":
                        sub = "AA:" + kk
                    try:
                        visit(o[kk], onum, depth + 1, sub)
                    except Exception:  # noqa: BLE001
                        pass
            elif isinstance(o, Array):
                for it in o:
                    visit(it, onum, depth + 1, key_in_parent if key_in_parent == "/Next" else None)

        visit(self.root, objnum(self.root), 0, None)
        for obj in self.pdf.objects:
            if is_dict(obj):
                visit(obj, objnum(obj), 0, None)
        for a, onum in actions:
            s = nm(get(a, "/S"))
            if s not in ALLOWED_ACTIONS:
                self.err("PDF/A 6.5.1-1", "action of type /%s is not permitted" % s, obj=onum)
            elif s == "Named" and nm(get(a, "/N")) not in ("NextPage", "PrevPage", "FirstPage", "LastPage"):
                self.err("PDF/A 6.5.1-2", "named action %s" % get(a, "/N"), obj=onum)

    def _check_image_dict(self, obj, onum):
        if "/Alternates" in obj:
            self.err("PDF/A 6.2.8-1", "image has /Alternates", obj=onum)
        if "/OPI" in obj:
            self.err("PDF/A 6.2.8-2", "image has /OPI", obj=onum)
        if get(obj, "/Interpolate") is True:
            self.err("PDF/A 6.2.8-3", "image has /Interpolate true", obj=onum)
        bpc = num(get(obj, "/BitsPerComponent"))
        if get(obj, "/ImageMask") is True:
            if bpc is not None and bpc != 1:
                self.err("PDF/A 6.2.8-5", "image mask with BitsPerComponent %s" % bpc, obj=onum)
        elif bpc is not None and bpc not in (1, 2, 4, 8, 16):
            self.err("PDF/A 6.2.8-4", "image with BitsPerComponent %s" % bpc, obj=onum)

    # ---------------------------------------------------------------- parent tree
    def load_parent_tree(self):
        str_root = get(self.root, "/StructTreeRoot")
        if not is_dict(str_root):
            return
        pt = get(str_root, "/ParentTree")
        if pt is None:
            self.note("ISO32000 ParentTree", "structure tree root has no /ParentTree")
            return
        seen = set()

        def walk(node, depth):
            if not is_dict(node) or depth > 32:
                return
            k = key_of(node)
            if k is not None:
                if k in seen:
                    self.err("ISO32000 ParentTree", "ParentTree number tree has a cycle", obj=objnum(node))
                    return
                seen.add(k)
            nums = get(node, "/Nums")
            if isinstance(nums, Array):
                items = list(nums)
                if len(items) % 2:
                    self.err("ISO32000 ParentTree", "ParentTree /Nums has an odd number of items",
                             obj=objnum(node))
                for i in range(0, len(items) - 1, 2):
                    kk = num(items[i])
                    if kk is None:
                        self.err("ISO32000 ParentTree", "ParentTree key is not a number", obj=objnum(node))
                        continue
                    self.parent_tree[int(kk)] = items[i + 1]
            for kid in as_list(get(node, "/Kids")):
                walk(kid, depth + 1)

        walk(pt, 0)
        nk = get(str_root, "/ParentTreeNextKey")
        if nk is not None and self.parent_tree:
            mx = max(self.parent_tree)
            if num(nk, -1) <= mx:
                self.err("ISO32000 ParentTree", "/ParentTreeNextKey %s is not greater than the largest "
                         "ParentTree key %d" % (nk, mx))

    def parent_for_mcid(self, sp, mcid):
        """The structure element that the parent tree gives for (StructParents, MCID)."""
        if sp is None:
            return None
        v = self.parent_tree.get(int(sp))
        if isinstance(v, Array):
            if 0 <= mcid < len(v):
                e = v[mcid]
                if is_dict(e):
                    return e
            return None
        return None

    # ---------------------------------------------------------------- structure tree
    def walk_struct_tree(self):
        sr = get(self.root, "/StructTreeRoot")
        if not is_dict(sr):
            return
        rolemap = get(sr, "/RoleMap")
        rm = {}
        if is_dict(rolemap):
            for k in rolemap.keys():
                v = rolemap[k]
                if isinstance(v, Name):
                    rm[k[1:]] = nm(v)
        self.rolemap = rm
        # 7.1-7: standard types shall not be remapped
        for k, v in rm.items():
            if k in STANDARD_TYPES:
                self.err("PDF/UA 7.1-7", "RoleMap remaps standard type %s to %s (Matterhorn 02-003)" % (k, v))

        def std_type(t):
            seen = []
            cur = t
            while cur is not None and cur not in STANDARD_TYPES:
                if cur in seen:
                    return None, "circular"
                seen.append(cur)
                cur = rm.get(cur)
            if cur is None:
                return None, "unmapped"
            return cur, None

        def role_cycle(t):
            seen = set()
            cur = t
            while cur in rm:
                if cur in seen:
                    return True
                seen.add(cur)
                cur = rm[cur]
            return False

        self.std_type = std_type
        root_key = key_of(sr)
        visited = set()
        order = []
        kids_of = {}

        # iterative DFS preserving document order
        def kids(o):
            return as_list(get(o, "/K"))

        stack = [(k, sr, None) for k in reversed(kids(sr))]
        counter = [0]
        while stack:
            kid, parent, parent_key = stack.pop()
            if isinstance(kid, int) or (not is_dict(kid) and num(kid) is not None):
                # MCID directly below the root or an element
                if parent_key is None:
                    self.err("ISO32000 StructTree", "StructTreeRoot /K holds a bare MCID")
                else:
                    self._record_mcid(parent_key, int(num(kid)), None, None)
                continue
            if not is_dict(kid):
                continue
            t = nm(get(kid, "/Type"))
            if t == "MCR":
                if parent_key is not None:
                    mc = num(get(kid, "/MCID"))
                    if mc is None:
                        self.err("ISO32000 StructTree", "marked-content reference without /MCID",
                                 obj=self.elems[parent_key]["num"])
                    else:
                        self._record_mcid(parent_key, int(mc), get(kid, "/Pg"), get(kid, "/Stm"))
                continue
            if t == "OBJR":
                if parent_key is not None:
                    self.elems[parent_key]["objrs"].append(kid)
                continue
            if "/S" not in kid:
                self.err("ISO32000 StructTree", "structure tree node without /S", obj=objnum(kid))
                continue
            k = key_of(kid)
            if k is None:
                counter[0] += 1
                k = ("direct", counter[0])
            if k in visited:
                self.err("ISO32000 StructTree", "structure element reachable twice (cycle or shared kid)",
                         obj=objnum(kid))
                continue
            visited.add(k)
            raw = nm(get(kid, "/S")) or "?"
            st, problem = std_type(raw)
            info = {"obj": kid, "num": objnum(kid), "type": raw, "std": st, "parent": parent_key,
                    "kids": [], "mcids": [], "objrs": [], "depth": 0 if parent_key is None else
                    self.elems[parent_key]["depth"] + 1}
            self.elems[k] = info
            order.append(k)
            if parent_key is not None:
                self.elems[parent_key]["kids"].append(k)
            else:
                kids_of.setdefault(None, []).append(k)
            # 7.1-12 / parent link
            p = get(kid, "/P")
            if p is None:
                self.err("PDF/UA 7.1-12", "structure element %s has no /P" % raw, obj=objnum(kid))
            else:
                expect = root_key if parent_key is None else (parent_key if parent_key[0] != "direct" else None)
                if expect is not None and key_of(p) != expect:
                    self.err("ISO32000 StructTree", "structure element %s: /P is not its actual parent"
                             % raw, obj=objnum(kid))
            if problem == "circular" or role_cycle(raw):
                self.err("PDF/UA 7.1-6", "RoleMap is circular for %s (Matterhorn 02-002)" % raw, obj=objnum(kid))
            if problem == "circular":
                self.err("PDF/UA 7.1-5", "structure type %s does not map to a standard type (circular RoleMap)"
                         % raw, obj=objnum(kid))
            elif problem == "unmapped":
                self.err("PDF/UA 7.1-5", "non-standard structure type %s is not role-mapped to a standard "
                         "type (Matterhorn 02-001)" % raw, obj=objnum(kid))
            for sub in reversed(kids(kid)):
                stack.append((sub, kid, k))
        self.elem_order = order
        self._check_struct_semantics()

    def _record_mcid(self, ekey, mcid, pg, stm):
        info = self.elems[ekey]
        if stm is not None and isinstance(stm, Stream):
            ctx = key_of(stm)
        else:
            if pg is None:
                # nearest /Pg: element, then ancestors (lenient)
                k = ekey
                while k is not None and pg is None:
                    pg = get(self.elems[k]["obj"], "/Pg")
                    k = self.elems[k]["parent"]
            ctx = key_of(pg) if pg is not None else None
        if ctx is None:
            self.err("ISO32000 StructTree", "structure element %s has MCID %d but no /Pg"
                     % (info["type"], mcid), obj=info["num"])
            return
        info["mcids"].append((ctx, mcid))
        if (ctx, mcid) in self.elem_mcids and self.elem_mcids[(ctx, mcid)] != ekey:
            self.err("ISO32000 StructTree", "MCID %d of one page is claimed by two structure elements" % mcid,
                     page=self.page_index.get(ctx), obj=info["num"])
        self.elem_mcids[(ctx, mcid)] = ekey

    def elem_lang(self, ekey):
        k = ekey
        while k is not None and k in self.elems:
            lang = get(self.elems[k]["obj"], "/Lang")
            if isinstance(lang, String):
                return pdf_text(lang)
            k = self.elems[k]["parent"]
        return None

    def _check_struct_semantics(self):
        E = self.elems
        uses_h = []
        uses_hn = []
        prev_level = 0
        for k in self.elem_order:
            e = E[k]
            o = e["obj"]
            st = e["std"] or e["type"]
            kid_std = [E[c]["std"] or E[c]["type"] for c in e["kids"]]
            parent_std = (E[e["parent"]]["std"] or E[e["parent"]]["type"]) if e["parent"] is not None else None
            n = e["num"]
            lang = get(o, "/Lang")
            if lang is not None:
                lt = pdf_text(lang)
                if lt is None or not LANG_RE.match(lt):
                    self.err("PDF/UA 7.2-29", "structure element %s has malformed /Lang %r (Matterhorn 11-00x)"
                             % (e["type"], lt), obj=n)
            has_lang = self.elem_lang(k) is not None or self.cat_lang is not None
            for key, rule in (("/ActualText", "7.2-21"), ("/Alt", "7.2-22"), ("/E", "7.2-23")):
                if key in o and not has_lang:
                    self.err("PDF/UA " + rule, "natural language of %s on %s cannot be determined "
                             "(Matterhorn 11-00x)" % (key, e["type"]), obj=n)
            # headings
            m = re.match(r"^H([1-6])$", st or "")
            if st == "H":
                uses_h.append(k)
            if m:
                uses_hn.append(k)
                lvl = int(m.group(1))
                if lvl > prev_level + 1:
                    if prev_level == 0:
                        self.err("PDF/UA 7.4.2-1", "first heading is %s, not H1 (Matterhorn 14-002)"
                                 % st, obj=n)
                    else:
                        self.err("PDF/UA 7.4.2-1", "heading level skipped: %s follows H%d (Matterhorn 14-003)"
                                 % (st, prev_level), obj=n)
                prev_level = lvl
            if kid_std.count("H") > 1:
                self.err("PDF/UA 7.4.4-1", "element %s has more than one H child (Matterhorn 14-006)"
                         % e["type"], obj=n)
            # lists
            if st == "L":
                bad = [t for t in kid_std if t not in ("L", "LI", "Caption")]
                if bad:
                    self.err("PDF/UA 7.2-19", "L contains %s (only L, LI, Caption allowed; Matterhorn 09-004)"
                             % ", ".join(sorted(set(bad))), obj=n)
                if "Caption" in kid_std[1:]:
                    self.err("PDF/UA 7.2-40", "L has Caption that is not its first kid", obj=n)
            if st == "LI":
                if parent_std != "L":
                    self.err("PDF/UA 7.2-17", "LI is inside %s, not L (Matterhorn 09-004)" % parent_std, obj=n)
                bad = [t for t in kid_std if t not in ("Lbl", "LBody")]
                if bad:
                    self.err("PDF/UA 7.2-20", "LI contains %s (only Lbl and LBody allowed; Matterhorn 09-004)"
                             % ", ".join(sorted(set(bad))), obj=n)
            if st == "LBody" and parent_std != "LI":
                self.err("PDF/UA 7.2-18", "LBody is inside %s, not LI (Matterhorn 09-004)" % parent_std, obj=n)
            if st == "Lbl" and parent_std not in ("LI",):
                self.warn("PDF/UA 7.2 (Lbl)", "Lbl is inside %s, not LI" % parent_std, obj=n)
            # tables
            if st == "Table":
                bad = [t for t in kid_std if t not in ("TR", "THead", "TBody", "TFoot", "Caption")]
                if bad:
                    self.err("PDF/UA 7.2-3", "Table contains %s (Matterhorn 09-004)" % ", ".join(sorted(set(bad))),
                             obj=n)
                if kid_std.count("THead") > 1:
                    self.err("PDF/UA 7.2-11", "Table has more than one THead", obj=n)
                if kid_std.count("TFoot") > 1:
                    self.err("PDF/UA 7.2-12", "Table has more than one TFoot", obj=n)
                if "TFoot" in kid_std and "TBody" not in kid_std:
                    self.err("PDF/UA 7.2-13", "Table has TFoot but no TBody", obj=n)
                if "THead" in kid_std and "TBody" not in kid_std:
                    self.err("PDF/UA 7.2-14", "Table has THead but no TBody", obj=n)
                if "Caption" in kid_std[1:-1]:
                    self.err("PDF/UA 7.2-16", "Table Caption is neither first nor last kid", obj=n)
                if kid_std.count("Caption") > 1:
                    self.err("PDF/UA 7.2-39", "Table has more than one Caption", obj=n)
            if st == "TR":
                if parent_std not in ("Table", "THead", "TBody", "TFoot"):
                    self.err("PDF/UA 7.2-4", "TR is inside %s (Matterhorn 09-004)" % parent_std, obj=n)
                bad = [t for t in kid_std if t not in ("TH", "TD")]
                if bad:
                    self.err("PDF/UA 7.2-10", "TR contains %s (Matterhorn 09-004)" % ", ".join(sorted(set(bad))),
                             obj=n)
            for tt, rule in (("THead", "7.2-5"), ("TBody", "7.2-6"), ("TFoot", "7.2-7")):
                if st == tt:
                    if parent_std != "Table":
                        self.err("PDF/UA " + rule, "%s is inside %s, not Table" % (tt, parent_std), obj=n)
                    bad = [t for t in kid_std if t != "TR"]
                    if bad:
                        r2 = {"THead": "7.2-36", "TBody": "7.2-37", "TFoot": "7.2-38"}[tt]
                        self.err("PDF/UA " + r2, "%s contains %s" % (tt, ", ".join(sorted(set(bad)))), obj=n)
            if st in ("TH", "TD") and parent_std != "TR":
                self.err("PDF/UA 7.2-%s" % ("8" if st == "TH" else "9"), "%s is inside %s, not TR"
                         % (st, parent_std), obj=n)
            if st == "TH" and self._attr(o, "Table", "/Scope") is None:
                self.warn("PDF/UA 7.5 (TH Scope)", "TH has no /Scope in a Table attribute "
                          "(needed unless Headers/IDs connect the cells; Matterhorn 15-003)", obj=n)
            # TOC
            if st == "TOCI" and parent_std != "TOC":
                self.err("PDF/UA 7.2-26", "TOCI is inside %s, not TOC" % parent_std, obj=n)
            if st == "TOC":
                bad = [t for t in kid_std if t not in ("TOC", "TOCI", "Caption")]
                if bad:
                    self.err("PDF/UA 7.2-27", "TOC contains %s" % ", ".join(sorted(set(bad))), obj=n)
                if "Caption" in kid_std[1:]:
                    self.err("PDF/UA 7.2-28", "TOC Caption is not the first kid", obj=n)
            # figures and formulas
            if st in ("Figure", "Formula"):
                alt = pdf_text(get(o, "/Alt"))
                if not ((alt is not None and alt != "") or "/ActualText" in o):
                    self.err("PDF/UA 7.3-1" if st == "Figure" else "PDF/UA 7.7-1",
                             "%s has no /Alt or /ActualText (Matterhorn %s)"
                             % (st, "13-004" if st == "Figure" else "17-002"), obj=n)
                if st == "Figure" and self._attr(o, "Layout", "/BBox") is None:
                    self.warn("PDF/UA 7.3 (Figure BBox)", "Figure has no /BBox in a Layout attribute", obj=n)
            if st == "Note":
                nid = get(o, "/ID")
                if nid is None or (isinstance(nid, String) and bytes(nid) == b""):
                    self.err("PDF/UA 7.9-1", "Note has no /ID (Matterhorn 19-003)", obj=n)
        if uses_h and uses_hn:
            self.err("PDF/UA 7.4.4-2", "document uses both H and H1..H6 (Matterhorn 14-007)",
                     obj=self.elems[uses_h[0]]["num"])
            self.err("PDF/UA 7.4.4-3", "document uses both Hn and H (Matterhorn 14-007)",
                     obj=self.elems[uses_hn[0]]["num"])
        ids = {}
        for k in self.elem_order:
            e = self.elems[k]
            if (e["std"] or e["type"]) == "Note":
                nid = get(e["obj"], "/ID")
                if isinstance(nid, String) and bytes(nid):
                    if bytes(nid) in ids:
                        self.err("PDF/UA 7.9-2", "Note /ID %r is not unique (Matterhorn 19-004)"
                                 % bytes(nid), obj=e["num"])
                    ids[bytes(nid)] = k

    @staticmethod
    def _attr(o, owner, key):
        for a in as_list(get(o, "/A")):
            if isinstance(a, (int,)):
                continue
            if is_dict(a) and nm(get(a, "/O")) == owner and key in a:
                return a[key]
        return None

    # ---------------------------------------------------------------- content
    def check_content(self):
        self.struct_present = is_dict(get(self.root, "/StructTreeRoot"))
        self.dev_cs_reported = set()
        self.walked_patterns = set()
        for i, page in enumerate(self.pdf.pages):
            pno = i + 1
            pobj = page.obj
            pkey = key_of(pobj)
            sp = get(pobj, "/StructParents")
            self.ctx_page[pkey] = pno
            self.ctx_structparents[pkey] = int(num(sp)) if num(sp) is not None else None
            res = get(pobj, "/Resources")
            if not is_dict(res):
                res = Dictionary()
            state = ContentState(pno, pkey, self.ctx_structparents[pkey])
            state.gs["fill"] = state.gs["stroke"] = ("DeviceGray", res)
            self.stats = {"untagged": 0, "first_untagged": None}
            try:
                instrs = pikepdf.parse_content_stream(pobj)
            except Exception as e:  # noqa: BLE001
                self.err("ISO32000 content", "content stream cannot be parsed: %s" % e, page=pno)
                continue
            self._walk(instrs, res, state, pno, depth=0, stream_num=None, form_stack=())
            if state.mc:
                self.err("ISO32000 14.6 marked content", "%d marked-content sequence(s) not closed by EMC at "
                         "the end of the page content" % len(state.mc), page=pno)
            if self.stats["untagged"]:
                op = self.stats["first_untagged"]
                self.err("PDF/UA 7.1-3", "%d painting operator(s) neither tagged (MCID in the structure tree) "
                         "nor inside an Artifact, first: %s (Matterhorn 01-005)" % (self.stats["untagged"], op),
                         page=pno)
            # annotation appearance streams: fonts and colour only
            for annot in as_list(get(pobj, "/Annots")):
                if not is_dict(annot):
                    continue
                ap = get(annot, "/AP")
                n = get(ap, "/N") if is_dict(ap) else None
                streams = [n] if isinstance(n, Stream) else ([n[k] for k in n.keys()] if is_dict(n) else [])
                for s in streams:
                    if not isinstance(s, Stream):
                        continue
                    try:
                        ins = pikepdf.parse_content_stream(s)
                    except Exception:
                        continue
                    ares = get(s, "/Resources")
                    st = ContentState(pno, None, None)
                    st.untracked = True
                    ares = ares if is_dict(ares) else Dictionary()
                    st.gs["fill"] = st.gs["stroke"] = ("DeviceGray", ares)
                    self._walk(ins, ares, st, pno, 1, objnum(s), ())
            if get(pobj, "/Tabs") is None and get(pobj, "/Annots"):
                pass  # reported in check_annotations

    def _walk(self, instrs, res, st, pno, depth, stream_num, form_stack):
        if depth > 12:
            return
        for ins in instrs:
            op = str(ins.operator)
            ops = ins.operands
            if op not in KNOWN_OPS:
                self.err("PDF/A 6.2.2-1", "undefined operator %r in content stream" % op, page=pno,
                         obj=stream_num, once=("op", op, pno))
                continue
            if op == "q":
                st.gstack.append(st.gs.copy())
                if len(st.gstack) > 28:
                    self.err("PDF/A 6.1.13-8", "q/Q nested deeper than 28", page=pno, once=("q", pno))
            elif op == "Q":
                if st.gstack:
                    st.gs = st.gstack.pop()
            elif op in ("BMC", "BDC"):
                self._begin_mc(op, ops, res, st, pno, stream_num)
            elif op == "EMC":
                if not st.mc:
                    self.err("ISO32000 14.6 marked content", "EMC without matching BMC/BDC", page=pno,
                             obj=stream_num, once=("emc", pno, stream_num))
                else:
                    st.mc.pop()
            elif op == "Tf" and len(ops) >= 2:
                st.gs["font"] = self._font(res, ops[0], pno)
            elif op == "Tr" and ops:
                st.gs["tr"] = int(num(ops[0], 0))
            elif op in ("rg", "RG", "g", "G", "k", "K"):
                cs = {"rg": "DeviceRGB", "g": "DeviceGray", "k": "DeviceCMYK"}[op.lower()]
                st.gs["fill" if op.islower() else "stroke"] = (cs, res)
            elif op in ("cs", "CS") and ops:
                st.gs["fill" if op == "cs" else "stroke"] = (self._cs_family(ops[0], res), res)
            elif op == "ri" and ops:
                if isinstance(ops[0], Name) and nm(ops[0]) not in RENDERING_INTENTS:
                    self.err("PDF/A 6.2.6-1", "ri operator with rendering intent %s" % ops[0], page=pno,
                             obj=stream_num, once=("ri", pno, str(ops[0])))
            elif op in ("scn", "SCN") and ops and isinstance(ops[-1], Name):
                pat = self._resource(res, "/Pattern", ops[-1])
                if is_dict(pat):
                    self._walk_pattern(pat, res, st, pno, depth, form_stack)
            elif op in TEXT_SHOW:
                self._paint(st, pno, "text " + op, stream_num)
                self._text(ops, op, st, pno)
                fi = st.gs.get("font")
                if fi is not None and fi.subtype == "Type3" and not getattr(fi, "procs_walked", False):
                    fi.procs_walked = True
                    self._walk_type3(fi, res, st, pno, depth, form_stack)
            elif op in PATH_PAINT:
                self._paint(st, pno, "path " + op, stream_num)
                if op in PATH_FILL or op in PATH_BOTH:
                    self._use_cs(st.gs.get("fill"), pno, "fill", stream_num)
                if op in PATH_STROKE or op in PATH_BOTH:
                    self._use_cs(st.gs.get("stroke"), pno, "stroke", stream_num)
            elif op == "sh":
                self._paint(st, pno, "shading sh", stream_num)
                sh = self._resource(res, "/Shading", ops[0] if ops else None)
                if is_dict(sh):
                    self._use_cs((self._cs_family(get(sh, "/ColorSpace"), res), res), pno, "shading", stream_num)
            elif op == "INLINE IMAGE":
                self._paint(st, pno, "inline image", stream_num)
                try:
                    iim = ops[0]
                    d = iim.obj if hasattr(iim, "obj") else None
                except Exception:
                    d = None
                if is_dict(d):
                    f = get(d, "/F", get(d, "/Filter"))
                    for fl in as_list(f):
                        if nm(fl) in ("LZWDecode", "LZW", "Crypt"):
                            self.err("PDF/A 6.1.10-1", "inline image uses filter %s" % fl, page=pno)
                    if get(d, "/I", get(d, "/Interpolate")) is True:
                        self.err("PDF/A 6.2.8-3", "inline image with Interpolate true", page=pno)
                    csn = get(d, "/CS", get(d, "/ColorSpace"))
                    if csn is not None:
                        fam = {"RGB": "DeviceRGB", "G": "DeviceGray", "CMYK": "DeviceCMYK"}.get(nm(csn))
                        self._use_cs(((fam or self._cs_family(csn, res)), res), pno, "inline image", stream_num)
            elif op == "Do" and ops:
                xo = self._resource(res, "/XObject", ops[0])
                if not isinstance(xo, Stream):
                    continue
                sub = nm(get(xo, "/Subtype"))
                if sub == "Image":
                    self._paint(st, pno, "image Do " + str(ops[0]), stream_num)
                    if get(xo, "/ImageMask") is True:
                        self._use_cs(st.gs.get("fill"), pno, "image mask", stream_num)
                    elif "/ColorSpace" in xo:
                        self._use_cs((self._cs_family(get(xo, "/ColorSpace"), res), res), pno, "image",
                                     objnum(xo))
                elif sub == "Form":
                    k = key_of(xo)
                    if k in form_stack:
                        continue
                    fres = get(xo, "/Resources")
                    try:
                        fins = pikepdf.parse_content_stream(xo)
                    except Exception as e:  # noqa: BLE001
                        self.err("ISO32000 content", "form XObject content cannot be parsed: %s" % e,
                                 page=pno, obj=objnum(xo))
                        continue
                    if not is_dict(fres):
                        if uses_named_resources(fins):
                            self.err("PDF/A 6.2.2-2", "form XObject uses named resources but has no /Resources "
                                     "of its own", page=pno, obj=objnum(xo), once=("fres", k))
                        fres = res
                    fsp = num(get(xo, "/StructParents"))
                    sub_st = st.for_form(k if fsp is not None else None, int(fsp) if fsp is not None else None)
                    if fsp is not None:
                        self.ctx_page[k] = pno
                        self.ctx_structparents[k] = int(fsp)
                    if "/StructParent" in xo:
                        # the whole XObject is one content item of a structure element
                        e = self.parent_tree.get(int(num(get(xo, "/StructParent"), -1)))
                        if is_dict(e):
                            sub_st.mc.append(("(StructParent)", None, False, True, e, None))
                    depth_before = len(sub_st.mc)
                    self._walk(fins, fres, sub_st, pno, depth + 1, objnum(xo), form_stack + (k,))
                    if len(sub_st.mc) != depth_before:
                        self.err("ISO32000 14.6 marked content", "form XObject content has unbalanced "
                                 "BMC/BDC/EMC", page=pno, obj=objnum(xo))
                    st.gstack_restore_after_form()
                elif sub == "PS":
                    self.err("PDF/A 6.2.9-3", "PostScript XObject drawn", page=pno, obj=objnum(xo))

    def _walk_pattern(self, pat, res, st, pno, depth, form_stack):
        k = key_of(pat)
        if k in self.walked_patterns:
            return
        self.walked_patterns.add(k)
        if isinstance(pat, Stream) and num(get(pat, "/PatternType")) == 1:
            try:
                ins = pikepdf.parse_content_stream(pat)
            except Exception:  # noqa: BLE001
                return
            pres = get(pat, "/Resources")
            if not is_dict(pres):
                if uses_named_resources(ins):
                    self.err("PDF/A 6.2.2-2", "tiling pattern uses named resources but has no /Resources",
                             page=pno, obj=objnum(pat))
                pres = res
            sub = ContentState(pno, None, None)
            sub.untracked = True
            if num(get(pat, "/PaintType")) == 2:
                sub.gs["fill"] = st.gs.get("fill")
                sub.gs["stroke"] = st.gs.get("stroke")
            else:
                sub.gs["fill"] = sub.gs["stroke"] = ("DeviceGray", pres)
            self._walk(ins, pres, sub, pno, depth + 1, objnum(pat), form_stack + (k,))
        elif num(get(pat, "/PatternType")) == 2:
            sh = get(pat, "/Shading")
            if is_dict(sh):
                self._use_cs((self._cs_family(get(sh, "/ColorSpace"), res), res), pno, "shading pattern",
                             objnum(pat))

    def _walk_type3(self, fi, res, st, pno, depth, form_stack):
        procs = get(fi.font, "/CharProcs")
        if not is_dict(procs):
            return
        fres = get(fi.font, "/Resources")
        for gname in list(procs.keys()):
            proc = procs[gname]
            if not isinstance(proc, Stream):
                continue
            try:
                ins = pikepdf.parse_content_stream(proc)
            except Exception:  # noqa: BLE001
                continue
            r = fres
            if not is_dict(r):
                if uses_named_resources(ins):
                    self.err("PDF/A 6.2.2-2", "Type 3 glyph %s uses named resources but the font has no "
                             "/Resources" % gname, page=pno, obj=fi.num, once=("t3res", fi.num))
                r = res
            sub = ContentState(pno, None, None)
            sub.untracked = True
            sub.gs["fill"] = st.gs.get("fill")
            sub.gs["stroke"] = st.gs.get("stroke")
            self._walk(ins, r, sub, pno, depth + 1, objnum(proc), form_stack + (key_of(proc),))

    def _resource(self, res, cat, name):
        d = get(res, cat)
        if is_dict(d) and isinstance(name, Name) and name in d:
            return d[name]
        return None

    def _font(self, res, name, pno):
        f = self._resource(res, "/Font", name)
        if not is_dict(f):
            self.err("ISO32000 content", "Tf names font %s that is not in the resources" % name, page=pno,
                     once=("nofont", str(name), pno))
            return None
        k = key_of(f) or ("direct", id(f))
        if k not in self.fonts:
            self.fonts[k] = FontInfo(self, f)
        return self.fonts[k]

    def _cs_family(self, cs, res, depth=0):
        """Device family name ('DeviceRGB', ...) a colour space resolves to, or its family."""
        if depth > 5 or cs is None:
            return None
        if isinstance(cs, Name):
            n = nm(cs)
            if n in ("DeviceRGB", "DeviceGray", "DeviceCMYK", "Pattern"):
                return n
            if n in ("RGB", "G", "CMYK"):
                return {"RGB": "DeviceRGB", "G": "DeviceGray", "CMYK": "DeviceCMYK"}[n]
            d = get(res, "/ColorSpace")
            if is_dict(d) and cs in d:
                return self._cs_family(d[cs], res, depth + 1)
            return n
        if isinstance(cs, Array) and len(cs) >= 1:
            fam = nm(cs[0])
            if fam == "Indexed" and len(cs) >= 2:
                return self._cs_family(cs[1], res, depth + 1)
            if fam in ("Separation",) and len(cs) >= 3:
                return ("Separation", self._cs_family(cs[2], res, depth + 1))
            if fam == "DeviceN" and len(cs) >= 3:
                return ("DeviceN", self._cs_family(cs[2], res, depth + 1))
            if fam == "Pattern" and len(cs) >= 2:
                return self._cs_family(cs[1], res, depth + 1)
            return fam
        return None

    def _use_cs(self, cs_res, pno, what, onum):
        if not cs_res:
            return
        fam, res = cs_res
        if isinstance(fam, tuple):
            fam = fam[1]
        if fam not in ("DeviceRGB", "DeviceCMYK", "DeviceGray"):
            return
        default = {"DeviceRGB": "/DefaultRGB", "DeviceCMYK": "/DefaultCMYK", "DeviceGray": "/DefaultGray"}[fam]
        csd = get(res, "/ColorSpace") if is_dict(res) else None
        if is_dict(csd) and default in csd:
            return
        oc = self.output_cs
        ok = {"DeviceRGB": oc == "RGB ", "DeviceCMYK": oc == "CMYK", "DeviceGray": oc is not None}[fam]
        if not ok:
            rule = {"DeviceRGB": "PDF/A 6.2.4.3-2", "DeviceCMYK": "PDF/A 6.2.4.3-3",
                    "DeviceGray": "PDF/A 6.2.4.3-4"}[fam]
            self.err(rule, "%s used for %s without a matching PDF/A output intent or %s"
                     % (fam, what, default[1:]), page=pno, obj=onum, once=(rule, pno))

    def _begin_mc(self, op, ops, res, st, pno, stream_num):
        tag = nm(ops[0]) if ops else None
        props = None
        if op == "BDC" and len(ops) >= 2:
            p = ops[1]
            if isinstance(p, Name):
                props = self._resource(res, "/Properties", p)
            elif is_dict(p):
                props = p
        mcid = None
        if is_dict(props) and "/MCID" in props:
            mcid = int(num(props["/MCID"], -1))
        if is_dict(props) and "/Lang" in props:
            lt = pdf_text(props["/Lang"])
            if lt is None or not LANG_RE.match(lt):
                self.err("PDF/UA 7.2-29", "marked-content /Lang %r is malformed" % lt, page=pno, obj=stream_num)
        in_artifact = any(m[2] for m in st.mc)
        in_tagged = any(m[3] for m in st.mc)
        is_art = tag == "Artifact"
        elem = None
        tagged = False
        if mcid is not None and not is_art:
            if st.untracked:
                tagged = True
            else:
                st.record_mcid(self, mcid, pno)
                elem = self.parent_for_mcid(st.sp, mcid)
                tagged = elem is not None
            if in_artifact:
                self.err("PDF/UA 7.1-2", "tagged content (MCID %d) inside an Artifact sequence "
                         "(Matterhorn 01-004)" % mcid, page=pno, obj=stream_num)
        if is_art and in_tagged and not st.untracked:
            self.err("PDF/UA 7.1-1", "Artifact sequence inside tagged content (Matterhorn 01-001)",
                     page=pno, obj=stream_num)
        if tag == "Span" and is_dict(props):
            for key, rule in (("/ActualText", "7.2-30"), ("/Alt", "7.2-31"), ("/E", "7.2-32")):
                if key in props and "/Lang" not in props and self.cat_lang is None and \
                        not self._inherited_lang(st) and \
                        not (elem is not None and self._lang_of_elem_obj(elem)):
                    self.err("PDF/UA " + rule, "Span marked content with %s has no language (no Lang on it, "
                             "its enclosing content or structure element, or the catalog)" % key,
                             page=pno, obj=stream_num, once=(rule, pno))
        lang = pdf_text(props["/Lang"]) if is_dict(props) and "/Lang" in props else None
        st.mc.append((tag, mcid, is_art, tagged, elem, lang))

    def _inherited_lang(self, st):
        """Language of the current point of the content: marked-content Lang or owning element's."""
        for m in reversed(st.mc):
            if m[5]:
                return m[5]
            if m[4] is not None:
                lang = self._lang_of_elem_obj(m[4])
                if lang:
                    return lang
        return None

    def _lang_of_elem_obj(self, elem):
        k = key_of(elem)
        if k in self.elems:
            return self.elem_lang(k)
        # not reached by the walk: follow /P
        o = elem
        for _ in range(64):
            if not is_dict(o):
                return None
            if isinstance(get(o, "/Lang"), String):
                return pdf_text(o["/Lang"])
            o = get(o, "/P")
        return None

    def _paint(self, st, pno, what, stream_num):
        if st.untracked:
            return
        if any(m[2] for m in st.mc):
            return
        if any(m[3] for m in st.mc):
            return
        self.stats["untagged"] += 1
        if self.stats["first_untagged"] is None:
            inner = [m for m in st.mc if m[1] is not None]
            extra = ""
            if inner:
                extra = " inside MCID %d that has no structure element in the ParentTree" % inner[-1][1]
            elif st.mc:
                extra = " inside /%s without MCID" % st.mc[-1][0]
            self.stats["first_untagged"] = what + extra

    def _text(self, ops, op, st, pno):
        fi = st.gs.get("font")
        if fi is None:
            self.err("ISO32000 content", "text shown with no font set (Tf)", page=pno, once=("notf", pno))
            return
        tr = st.gs.get("tr", 0)
        # colour used for text
        if tr != 3 and tr != 7:
            # veraPDF's reading: the fill and the stroke colour spaces both count as used by text
            self._use_cs(st.gs.get("fill"), pno, "text fill", None)
            self._use_cs(st.gs.get("stroke"), pno, "text stroke", None)
        strings = []
        if op == "TJ" and ops and isinstance(ops[0], Array):
            strings = [x for x in ops[0] if isinstance(x, String)]
        elif ops and isinstance(ops[-1], String):
            strings = [ops[-1]]
        visible = tr != 3
        if visible:
            fi.render_visible = True
        # language of this text (7.2-34)
        if not st.untracked and self.cat_lang is None and not any(m[2] for m in st.mc):
            if not self._inherited_lang(st):
                self.err("PDF/UA 7.2-34", "natural language of page text cannot be determined: no Lang on "
                         "its structure element, its ancestors, the marked content or the catalog "
                         "(Matterhorn 11-001)", page=pno, once=("lang", pno))
        for s in strings:
            for code in fi.split(bytes(s)):
                if code not in fi.used:
                    fi.used[code] = (pno, visible)
                elif visible and not fi.used[code][1]:
                    fi.used[code] = (pno, True)

    # ---------------------------------------------------------------- parent tree round trip
    def check_parent_tree_round_trip(self):
        if not self.struct_present:
            return
        for ctx, mcids in self.used_mcids.items():
            pno = self.ctx_page.get(ctx)
            sp = self.ctx_structparents.get(ctx)
            if sp is None:
                self.err("ISO32000 ParentTree", "content uses MCIDs but its page/XObject has no /StructParents "
                         "(Matterhorn 01-005)", page=pno)
                continue
            arr = self.parent_tree.get(sp)
            if not isinstance(arr, Array):
                self.err("ISO32000 ParentTree", "ParentTree has no array for StructParents key %d" % sp, page=pno)
                continue
            for mcid in sorted(mcids):
                e = self.parent_for_mcid(sp, mcid)
                if e is None:
                    self.err("ISO32000 ParentTree", "MCID %d is not mapped by ParentTree[%d]" % (mcid, sp),
                             page=pno)
                    continue
                ek = key_of(e)
                owner = self.elem_mcids.get((ctx, mcid))
                if owner is None:
                    self.err("ISO32000 ParentTree", "ParentTree[%d][%d] gives element %s, but no structure "
                             "element in the tree has that MCID for this page as a kid"
                             % (sp, mcid, nm(get(e, "/S"))), page=pno, obj=objnum(e))
                elif owner != ek:
                    self.err("ISO32000 ParentTree", "ParentTree[%d][%d] gives object %s, but MCID %d is a kid "
                             "of object %s" % (sp, mcid, objnum(e), mcid, self.elems[owner]["num"]),
                             page=pno, obj=objnum(e))
                if ek is not None and ek not in self.elems:
                    self.err("ISO32000 StructTree", "element for MCID %d is not reachable from "
                             "StructTreeRoot /K" % mcid, page=pno, obj=objnum(e))
        for (ctx, mcid), ek in self.elem_mcids.items():
            if mcid not in self.used_mcids.get(ctx, {}):
                pno = self.ctx_page.get(ctx) or self.page_index.get(ctx)
                self.err("ISO32000 StructTree", "structure element %s has MCID %d, which does not occur in the "
                         "content of %s" % (self.elems[ek]["type"], mcid,
                                            ("page %d" % pno) if pno else "its page/stream"),
                         page=pno, obj=self.elems[ek]["num"])

    # ---------------------------------------------------------------- fonts
    def check_fonts(self):
        for fk, fi in self.fonts.items():
            self._check_font(fi)

    def _check_font(self, fi):
        f = fi.font
        n = fi.num
        name = fi.basefont
        if nm(get(f, "/Type")) != "Font":
            self.err("PDF/A 6.2.11.2-1", "font %s has no /Type /Font" % name, obj=n)
        if fi.subtype not in ("Type1", "MMType1", "TrueType", "Type3", "Type0"):
            self.err("PDF/A 6.2.11.2-2", "font %s has invalid /Subtype %s" % (name, fi.subtype), obj=n)
        if fi.subtype != "Type3" and "/BaseFont" not in f:
            self.err("PDF/A 6.2.11.2-3", "font has no /BaseFont", obj=n)
        if fi.subtype in ("Type1", "MMType1", "TrueType"):
            fc, lc, ws = get(f, "/FirstChar"), get(f, "/LastChar"), get(f, "/Widths")
            std14 = fi.subtype == "Type1" and name in STD14 and not fi.embedded
            if not std14:
                if fc is None:
                    self.err("PDF/A 6.2.11.2-4", "simple font %s has no /FirstChar" % name, obj=n)
                if lc is None:
                    self.err("PDF/A 6.2.11.2-5", "simple font %s has no /LastChar" % name, obj=n)
                if fc is not None and lc is not None and (not isinstance(ws, Array) or
                                                          len(ws) != int(num(lc)) - int(num(fc)) + 1):
                    self.err("PDF/A 6.2.11.2-6", "simple font %s: /Widths size is not LastChar-FirstChar+1"
                             % name, obj=n)
        if fi.program_kind and fi.program_kind.startswith("FontFile3"):
            sub = fi.program_kind.split("/")[1] if "/" in fi.program_kind else None
            if sub not in ("Type1C", "CIDFontType0C", "OpenType"):
                self.err("PDF/A 6.2.11.2-7", "font %s: FontFile3 /Subtype %s" % (name, sub), obj=n)
        # composite
        if fi.composite:
            cf = fi.cidfont
            if cf is None:
                self.err("ISO32000 font", "Type0 font %s has no DescendantFonts" % name, obj=n)
            cm = fi.cmap_name
            enc = get(f, "/Encoding")
            if isinstance(enc, Name) and cm not in PREDEFINED_CMAPS:
                self.err("PDF/A 6.2.11.3.3-1", "Type0 font %s uses CMap %s, which is neither predefined nor "
                         "embedded (PDF/UA 7.21.3.3-1)" % (name, cm), obj=n)
            if isinstance(enc, Stream):
                if fi.enc_cmap is not None:
                    wd = num(get(enc, "/WMode"), 0)
                    wi = fi.enc_cmap.wmode if fi.enc_cmap.wmode is not None else 0
                    if int(wd) != int(wi):
                        self.err("PDF/A 6.2.11.3.3-2", "embedded CMap: /WMode %d in dictionary vs %d in stream"
                                 % (wd, wi), obj=objnum(enc))
                    u = fi.enc_cmap.usecmap or (nm(get(enc, "/UseCMap")) if isinstance(get(enc, "/UseCMap"), Name)
                                                else None)
                    if u and u not in PREDEFINED_CMAPS:
                        self.err("PDF/A 6.2.11.3.3-3", "embedded CMap uses non-standard CMap %s" % u,
                                 obj=objnum(enc))
            if cf is not None and cm not in ("Identity-H", "Identity-V"):
                si = get(cf, "/CIDSystemInfo")
                csi = None
                if isinstance(enc, Stream):
                    csi = get(enc, "/CIDSystemInfo")
                if is_dict(si) and is_dict(csi):
                    if pdf_text(get(si, "/Registry")) != pdf_text(get(csi, "/Registry")) or \
                            pdf_text(get(si, "/Ordering")) != pdf_text(get(csi, "/Ordering")) or \
                            num(get(si, "/Supplement"), 0) > num(get(csi, "/Supplement"), 0):
                        self.err("PDF/A 6.2.11.3.1-1", "Type0 font %s: CIDSystemInfo of CIDFont and CMap "
                                 "are incompatible (PDF/UA 7.21.3.1-1)" % name, obj=n)
            if cf is not None and nm(get(cf, "/Subtype")) == "CIDFontType2" and fi.embedded:
                m = get(cf, "/CIDToGIDMap")
                if m is None:
                    self.err("PDF/A 6.2.11.3.2-1", "CIDFontType2 %s has no /CIDToGIDMap (PDF/UA 7.21.3.2-1)"
                             % name, obj=objnum(cf))
                elif not (isinstance(m, Stream) or (isinstance(m, Name) and str(m) == "/Identity")):
                    self.err("PDF/A 6.2.11.3.2-1", "CIDFontType2 %s: /CIDToGIDMap is neither /Identity nor a "
                             "stream (PDF/UA 7.21.3.2-1)" % name, obj=objnum(cf))
        # embedding
        if fi.subtype != "Type3" and not fi.embedded and fi.render_visible:
            self.err("PDF/A 6.2.11.4.1-1", "font %s is not embedded (PDF/UA 7.21.4.1-1; Matterhorn 31-009)"
                     % name, obj=n)
        if fi.program_error:
            self.err("PDF/A 6.2.11.4.1-1", "font %s: %s" % (name, fi.program_error), obj=n)
        # TrueType encodings (6.2.11.6)
        if fi.subtype == "TrueType" and fi.render_visible:
            enc = get(f, "/Encoding")
            if fi.symbolic:
                if enc is not None:
                    self.err("PDF/A 6.2.11.6-3", "symbolic TrueType font %s has an /Encoding (PDF/UA 7.21.6-3)"
                             % name, obj=n)
            else:
                if fi.base_encoding not in ("WinAnsiEncoding", "MacRomanEncoding"):
                    self.err("PDF/A 6.2.11.6-2", "non-symbolic TrueType font %s: Encoding is not WinAnsi/"
                             "MacRoman (PDF/UA 7.21.6-2)" % name, obj=n)
                elif fi.has_differences:
                    bad = [g for g in fi.encoding_names.values() if glyph_to_unicode(g) is None
                           and g != ".notdef"]
                    if bad:
                        self.err("PDF/A 6.2.11.6-2", "non-symbolic TrueType font %s: Differences use glyph "
                                 "names outside the checker's Adobe Glyph List subset (%s) (PDF/UA 7.21.6-2)"
                                 % (name, ", ".join(bad[:5])), obj=n)
            if isinstance(fi.program, fontprog.SfntFont):
                cms = fi.program.cmaps()
                if not fi.symbolic:
                    if not ((3, 1) in cms or (1, 0) in cms):
                        self.err("PDF/A 6.2.11.6-1", "non-symbolic TrueType font %s: program has neither a "
                                 "(3,1) nor a (1,0) cmap (PDF/UA 7.21.6-1)" % name, obj=n)
                else:
                    if not (len(cms) == 1 or (3, 0) in cms):
                        self.err("PDF/A 6.2.11.6-4", "symbolic TrueType font %s: cmap has %d subtables and no "
                                 "(3,0) (PDF/UA 7.21.6-4)" % (name, len(cms)), obj=n)
        # CIDSet (6.2.11.4.2-2) - only presence noted
        if fi.composite and is_dict(fi.desc) and "/CIDSet" in fi.desc:
            self._check_cidset(fi)
        # per glyph
        if fi.tounicode_problem:
            self.err("PDF/A 6.2.11.7.2-1", "font %s: %s" % (name, fi.tounicode_problem), obj=n)
        no_uni = []
        bad_uni = []
        width_bad = []
        notdef = []
        missing_glyph = []
        width_skipped = None
        for (nb, code), (pno, visible) in sorted(fi.used.items()):
            u, how = fi.unicode_for(nb, code)
            label = ("<%0*X>" % (2 * nb, code))
            if u is None:
                no_uni.append((label, pno))
            elif any(ch in u for ch in ("\u0000", "\ufeff", "\ufffe")):
                bad_uni.append((label, pno, u))
            elif u == "":
                no_uni.append((label, pno))
            if fi.subtype == "Type3":
                continue
            gid = fi.gid_for(nb, code)
            if gid == 0 and fi.program is not None:
                notdef.append((label, pno))
                continue
            if not fi.composite and fi.encoding_names.get(code) == ".notdef":
                notdef.append((label, pno))
            if fi.program is not None and gid is not None and visible:
                if not fi.program.has_glyph(gid):
                    missing_glyph.append((label, pno, gid))
                    continue
                pw = fi.program.advance(gid)
                dw = fi.dict_width(nb, code)
                if pw is not None and dw is not None and abs(round(pw) - dw) > 1 and abs(pw - dw) > 1:
                    width_bad.append((label, pno, dw, pw))
            elif visible and fi.embedded and fi.program is None and not fi.program_error:
                width_skipped = "font program kind %s is not parsed" % fi.program_kind
        if no_uni:
            self.err("PDF/A 6.2.11.7.2-1", "font %s: %d used code(s) have no Unicode mapping, e.g. %s on page %d "
                     "(PDF/UA 7.21.7-1; Matterhorn 31-027)" % (name, len(no_uni), no_uni[0][0], no_uni[0][1]),
                     page=no_uni[0][1], obj=n)
        if bad_uni:
            self.err("PDF/A 6.2.11.7.2-2", "font %s: %d used code(s) map to U+0000/U+FEFF/U+FFFE, e.g. %s -> %r "
                     "(PDF/UA 7.21.7-2; Matterhorn 31-028)" % (name, len(bad_uni), bad_uni[0][0], bad_uni[0][2]),
                     page=bad_uni[0][1], obj=n)
        if notdef:
            self.err("PDF/A 6.2.11.8-1", "font %s: %d code(s) select the .notdef glyph, e.g. %s "
                     "(PDF/UA 7.21.8-1; Matterhorn 31-030)" % (name, len(notdef), notdef[0][0]),
                     page=notdef[0][1], obj=n)
        if missing_glyph:
            self.err("PDF/A 6.2.11.4.1-2", "font %s: %d code(s) select glyphs missing from the embedded program, "
                     "e.g. %s -> GID %d (PDF/UA 7.21.4.1-2)" % (name, len(missing_glyph), missing_glyph[0][0],
                                                                missing_glyph[0][2]), page=missing_glyph[0][1], obj=n)
        if width_bad:
            lab, pno, dw, pw = width_bad[0]
            self.err("PDF/A 6.2.11.5-1", "font %s: %d glyph width(s) in the font dictionary differ from the font "
                     "program, e.g. %s: %g vs %.1f (PDF/UA 7.21.5-1; Matterhorn 31-018)"
                     % (name, len(width_bad), lab, dw, pw), page=pno, obj=n)
        if width_skipped:
            self.note("PDF/A 6.2.11.5-1", "font %s: width check skipped: %s" % (name, width_skipped), obj=n)

    def _check_cidset(self, fi):
        cs = get(fi.desc, "/CIDSet")
        if not isinstance(cs, Stream) or fi.program is None or not re.match(r"^[A-Z]{6}\+", fi.basefont):
            return
        try:
            bits = cs.read_bytes()
        except Exception:
            return
        if fi.cid_to_gid == "Identity" and isinstance(fi.program, fontprog.SfntFont) and fi.program.num_glyphs:
            # with an Identity map every CID below numGlyphs is present
            ng = fi.program.num_glyphs
            for cid in range(ng):
                byte = cid // 8
                if byte >= len(bits) or not (bits[byte] & (0x80 >> (cid % 8))):
                    self.err("PDF/A 6.2.11.4.2-2", "font %s: CIDSet does not list CID %d present in the "
                             "subset (PDF/UA 7.21.4.2-2)" % (fi.basefont, cid), obj=fi.num)
                    return

    # ---------------------------------------------------------------- annotations
    def check_annotations(self):
        for i, page in enumerate(self.pdf.pages):
            pno = i + 1
            annots = [a for a in as_list(get(page.obj, "/Annots")) if is_dict(a)]
            if not annots:
                continue
            if nm(get(page.obj, "/Tabs")) != "S":
                self.err("PDF/UA 7.18.3-1", "page has annotations but /Tabs is not /S (Matterhorn 28-011)", page=pno)
            for a in annots:
                st = nm(get(a, "/Subtype"))
                fl = int(num(get(a, "/F"), 0) or 0)
                hidden = bool(fl & 2)
                sp = num(get(a, "/StructParent"))
                parent = self.parent_tree.get(int(sp)) if sp is not None else None
                pstd = None
                if is_dict(parent):
                    pk = key_of(parent)
                    pstd = self.elems[pk]["std"] if pk in self.elems else nm(get(parent, "/S"))
                if st == "Link" and not hidden:
                    if pstd != "Link":
                        self.err("PDF/UA 7.18.5-1", "Link annotation is not nested in a Link structure element "
                                 "(Matterhorn 28-002)", page=pno, obj=objnum(a))
                    c = pdf_text(get(a, "/Contents"))
                    if not c:
                        self.err("PDF/UA 7.18.5-2", "Link annotation has no /Contents (Matterhorn 28-004)",
                                 page=pno, obj=objnum(a))
                elif st not in ("Widget", "PrinterMark", "Link", "Popup") and not hidden:
                    if pstd != "Annot":
                        self.err("PDF/UA 7.18.1-1", "%s annotation is not nested in an Annot structure element"
                                 % st, page=pno, obj=objnum(a))
                if st == "Widget" and not hidden and pstd != "Form":
                    self.err("PDF/UA 7.18.4-1", "Widget annotation is not nested in a Form element",
                             page=pno, obj=objnum(a))
                if st == "TrapNet" and not hidden:
                    self.err("PDF/UA 7.18.2-1", "TrapNet annotation", page=pno, obj=objnum(a))
                if st not in ("Popup", None) and "/F" not in a:
                    self.err("PDF/A 6.3.2-1", "annotation has no /F", page=pno, obj=objnum(a))
                if "/F" in a and not ((fl & 4) and not (fl & (1 | 2 | 32 | 256))):
                    self.err("PDF/A 6.3.2-2", "annotation flags: Print must be set and Hidden/Invisible/"
                             "NoView/ToggleNoView clear", page=pno, obj=objnum(a))
                if st == "Widget" and ("/A" in a or "/AA" in a):
                    self.err("PDF/A 6.4.1-1", "Widget annotation has /A or /AA", page=pno, obj=objnum(a))
                if st in ("3D", "Sound", "Screen", "Movie"):
                    self.err("PDF/A 6.3.1-1", "%s annotation is not permitted" % st, page=pno, obj=objnum(a))

    # ---------------------------------------------------------------- qpdf
    def check_qpdf(self):
        try:
            p = subprocess.run(["qpdf", "--check", self.path], capture_output=True, text=True, timeout=120)
        except FileNotFoundError:
            self.note("QPDF", "qpdf not installed; structural check skipped")
            return
        except subprocess.TimeoutExpired:
            self.err("QPDF", "qpdf --check timed out")
            return
        # The file's own name may hold "error" (a test directory): judge the rest.
        out = (p.stdout + p.stderr).replace(self.path, "FILE").strip().splitlines()
        probs = [ln for ln in out if re.search(r"WARNING|ERROR", ln) or
                 (re.search(r"error|warning", ln, re.I) and "No syntax or stream encoding errors" not in ln
                  and "errors that qpdf cannot detect" not in ln)]
        if p.returncode != 0 or probs:
            msg = "; ".join(probs[:3]) or ("exit status %d" % p.returncode)
            self.err("QPDF", "qpdf --check is not clean: %s%s" % (msg, " ..." if len(probs) > 3 else ""))


STD14 = {"Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Helvetica", "Helvetica-Bold",
         "Helvetica-Oblique", "Helvetica-BoldOblique", "Courier", "Courier-Bold", "Courier-Oblique",
         "Courier-BoldOblique", "Symbol", "ZapfDingbats"}


RESOURCE_OPS = {"Tf", "Do", "gs", "sh", "BDC", "DP"}


def uses_named_resources(instrs):
    """Does a content stream refer to anything by resource name?"""
    for ins in instrs:
        op = str(ins.operator)
        ops = ins.operands
        if op in ("Tf", "Do", "gs", "sh") and ops:
            return True
        if op in ("BDC", "DP") and len(ops) >= 2 and isinstance(ops[1], Name):
            return True
        if op in ("cs", "CS") and ops and nm(ops[0]) not in ("DeviceRGB", "DeviceGray", "DeviceCMYK", "Pattern"):
            return True
        if op in ("scn", "SCN") and ops and isinstance(ops[-1], Name):
            return True
    return False


class ContentState:
    def __init__(self, pno, ctx, sp):
        self.pno = pno
        self.ctx = ctx
        self.sp = sp
        self.mc = []       # (tag, mcid, is_artifact, tagged, elem, lang)
        self.gs = {"font": None, "tr": 0, "fill": None, "stroke": None}
        self.gstack = []
        self.untracked = False

    def record_mcid(self, chk, mcid, pno):
        d = chk.used_mcids.setdefault(self.ctx, {})
        if mcid in d:
            chk.err("ISO32000 14.7.4.4 MCID", "MCID %d is used twice in the same content" % mcid, page=pno,
                    once=("dupmcid", self.ctx, mcid))
        d[mcid] = pno

    def for_form(self, ctx, sp):
        s = ContentState(self.pno, self.ctx if ctx is None else ctx, self.sp if sp is None else sp)
        s.mc = list(self.mc)
        s.gs = dict(self.gs)
        s.untracked = self.untracked
        return s

    def gstack_restore_after_form(self):
        pass


# ----------------------------------------------------------------- XMP reading

def collect_xmp_properties(tree, prefix_map=None):
    """Walk rdf:Description nodes and return the top-level properties.

    values:   (ns, local) -> str | list | dict(lang -> str) | "<struct>"
    prefixes: (ns, local) -> prefix used in the serialization
    schemas:  list of parsed pdfaExtension schema definitions
    """
    out = {"values": {}, "prefixes": {}, "schemas": [], "_errors": [], "kinds": {}}
    prefix_of = {}
    for uri, pres in (prefix_map or {}).items():
        prefix_of[uri] = pres[0] if len(set(pres)) == 1 else "/".join(sorted(set(pres)))
    rdf = tree if tree.tag == RDF + "RDF" else tree.find(".//" + RDF + "RDF")
    if rdf is None:
        out["_errors"].append("no rdf:RDF element")
        return out
    for desc in rdf.findall(RDF + "Description"):
        for an, av in desc.attrib.items():
            if an.startswith("{"):
                ns, local = an[1:].split("}", 1)
                if ns == NS["rdf"] or ns == NS["xml"]:
                    continue
                out["values"][(ns, local)] = av
                out["prefixes"][(ns, local)] = prefix_of.get(ns)
                out["kinds"][(ns, local)] = ("Text", [av])
        for child in desc:
            if not child.tag.startswith("{"):
                continue
            ns, local = child.tag[1:].split("}", 1)
            out["values"][(ns, local)] = xmp_value(child)
            out["prefixes"][(ns, local)] = prefix_of.get(ns)
            out["kinds"][(ns, local)] = xmp_kind(child)
            if ns == NS["pdfaExtension"] and local == "schemas":
                out["schemas"].extend(parse_extension_schemas(child))
    return out


def xmp_kind(el):
    """(kind, texts): kind is Text, Resource, LangAlt, Alt, Seq, Bag or Struct; texts the simple values."""
    if el.get(RDF + "resource") is not None:
        return "Resource", [el.get(RDF + "resource")]
    if el.get(RDF + "parseType") == "Resource":
        return "Struct", []
    for kind in ("Alt", "Seq", "Bag"):
        c = el.find(RDF + kind)
        if c is not None:
            lis = c.findall(RDF + "li")
            texts = [li.text or "" for li in lis if not len(li) and li.get(RDF + "parseType") is None]
            if any(len(li) or li.get(RDF + "parseType") for li in lis):
                return kind + "-of-struct", texts
            if kind == "Alt" and lis and all(li.get("{%s}lang" % NS["xml"]) for li in lis):
                return "LangAlt", texts
            return kind, texts
    if len(el):
        return "Struct", []
    return "Text", [el.text or ""]


# value types of the predefined properties that PDF producers write (XMP 2005)
XMP_TYPES = {
    NS["dc"]: {"contributor": "Bag", "coverage": "Text", "creator": "Seq", "date": "Seq:Date",
               "description": "LangAlt", "format": "Text", "identifier": "Text", "language": "Bag",
               "publisher": "Bag", "relation": "Bag", "rights": "LangAlt", "source": "Text",
               "subject": "Bag", "title": "LangAlt", "type": "Bag"},
    NS["xmp"]: {"Advisory": "Bag", "BaseURL": "Text", "CreateDate": "Date", "CreatorTool": "Text",
                "Identifier": "Bag", "Label": "Text", "MetadataDate": "Date", "ModifyDate": "Date",
                "Nickname": "Text", "Rating": "Number", "Thumbnails": "Alt-of-struct"},
    NS["pdf"]: {"Keywords": "Text", "PDFVersion": "Text", "Producer": "Text", "Trapped": "Text"},
    "http://ns.adobe.com/xap/1.0/rights/": {"Certificate": "Text", "Marked": "Boolean", "Owner": "Bag",
                                            "UsageTerms": "LangAlt", "WebStatement": "Text"},
    NS["pdfaid"]: {"part": "Integer", "conformance": "Text", "amd": "Text", "corr": "Text"},
    NS["pdfuaid"]: {"part": "Integer", "amd": "Text", "corr": "Text"},
}


def xmp_type_problem(expected, kind, texts):
    base, _, item = expected.partition(":")
    if base in ("Text", "Date", "Integer", "Boolean", "Number"):
        if kind not in ("Text", "Resource") or not texts:
            return "is a %s, expected a simple %s value" % (kind, base)
        v = texts[0].strip()
        if base == "Date" and not XMP_DATE.match(v):
            return "value %r is not an XMP Date" % v
        if base == "Integer" and not re.match(r"^[+-]?\d+$", v):
            return "value %r is not an Integer" % v
        if base == "Boolean" and v not in ("True", "False"):
            return "value %r is not a Boolean (True/False)" % v
        if base == "Number" and not re.match(r"^[+-]?(\d+(\.\d*)?|\.\d+)$", v):
            return "value %r is not a number" % v
        return None
    if base == "LangAlt":
        return None if kind == "LangAlt" else "is a %s, expected a Lang Alt (rdf:Alt with xml:lang)" % kind
    if kind != base:
        return "is a %s, expected an rdf:%s" % (kind, base)
    if item == "Date":
        for t in texts:
            if not XMP_DATE.match(t.strip()):
                return "item %r is not an XMP Date" % t
    return None


def xmp_value(el):
    for kind in ("Alt", "Seq", "Bag"):
        c = el.find(RDF + kind)
        if c is not None:
            lis = c.findall(RDF + "li")
            if kind == "Alt":
                return {li.get("{%s}lang" % NS["xml"], "x-default"): (li.text or "") for li in lis}
            return [(li.text or "") for li in lis]
    if el.get(RDF + "resource") is not None:
        return el.get(RDF + "resource")
    if len(el):
        return "<struct>"
    return el.text or ""


def _field(node, ns, name):
    """A field of an XMP struct (element or attribute form, rdf:Description or parseType=Resource)."""
    tag = "{%s}%s" % (ns, name)
    if node.get(tag) is not None:
        return node.get(tag), None
    c = node.find(tag)
    if c is not None:
        return c, c
    return None, None


def _struct_nodes(container, kind):
    """Items of an rdf:Bag/Seq inside `container`: each an element holding the fields."""
    coll = container.find(RDF + kind)
    if coll is None:
        return None
    items = []
    for li in coll.findall(RDF + "li"):
        d = li.find(RDF + "Description")
        items.append(d if d is not None else li)
    return items


def parse_extension_schemas(el):
    res = []
    items = _struct_nodes(el, "Bag")
    if items is None:
        res.append({"problems": [("PDF/A 6.6.2.3.3-1", "pdfaExtension:schemas is not an rdf:Bag")]})
        items = _struct_nodes(el, "Seq") or _struct_nodes(el, "Alt") or []
    S, PR, T = NS["pdfaSchema"], NS["pdfaProperty"], NS["pdfaType"]
    known_schema_fields = {"schema", "namespaceURI", "prefix", "property", "valueType"}
    for node in items:
        sch = {"problems": [], "properties": {}}
        for c in list(node) + [None]:
            if c is None:
                break
            if c.tag.startswith("{"):
                ns, local = c.tag[1:].split("}", 1)
                if ns != S or local not in known_schema_fields:
                    sch["problems"].append(("PDF/A 6.6.2.3.2-1", "extension schema has undefined field %s" % local))
        for fld, rule in (("schema", "2"), ("namespaceURI", "3"), ("prefix", "4")):
            v, e = _field(node, S, fld)
            txt = v if isinstance(v, str) else (e.text if e is not None else None)
            if txt is None or (e is not None and len(e)):
                sch["problems"].append(("PDF/A 6.6.2.3.3-%s" % rule, "extension schema lacks pdfaSchema:%s "
                                        "as text" % fld))
            else:
                sch[fld] = txt.strip()
        _v, pe = _field(node, S, "property")
        if pe is not None:
            props = _struct_nodes(pe, "Seq")
            if props is None:
                sch["problems"].append(("PDF/A 6.6.2.3.3-5", "pdfaSchema:property is not an rdf:Seq"))
                props = _struct_nodes(pe, "Bag") or []
            for pn in props:
                vals = {}
                for fld, rule in (("name", "7"), ("valueType", "8"), ("category", "9"), ("description", "10")):
                    v, e = _field(pn, PR, fld)
                    txt = v if isinstance(v, str) else (e.text if e is not None else None)
                    if txt is None:
                        sch["problems"].append(("PDF/A 6.6.2.3.3-%s" % rule,
                                                "extension schema property lacks pdfaProperty:%s" % fld))
                    else:
                        vals[fld] = txt.strip()
                if "category" in vals and vals["category"] not in ("internal", "external"):
                    sch["problems"].append(("PDF/A 6.6.2.3.3-9", "pdfaProperty:category %r is not internal/"
                                            "external" % vals["category"]))
                for c in pn:
                    if c.tag.startswith("{"):
                        ns, local = c.tag[1:].split("}", 1)
                        if ns != PR or local not in ("name", "valueType", "category", "description"):
                            sch["problems"].append(("PDF/A 6.6.2.3.2-1", "extension schema property has "
                                                    "undefined field %s" % local))
                if "name" in vals:
                    sch["properties"][vals["name"]] = vals.get("valueType")
        _v, ve = _field(node, S, "valueType")
        if ve is not None:
            vts = _struct_nodes(ve, "Seq")
            if vts is None:
                sch["problems"].append(("PDF/A 6.6.2.3.3-6", "pdfaSchema:valueType is not an rdf:Seq"))
                vts = []
            for vn in vts:
                for fld, rule in (("type", "11"), ("namespaceURI", "12"), ("prefix", "13"), ("description", "14")):
                    v, e = _field(vn, T, fld)
                    if v is None:
                        sch["problems"].append(("PDF/A 6.6.2.3.3-%s" % rule,
                                                "extension value type lacks pdfaType:%s" % fld))
        res.append(sch)
    return res


def xmp_prefixes(data):
    """Map namespace URI -> prefixes declared for it in the raw XMP (ElementTree drops prefixes)."""
    m = {}
    for pre, uri in re.findall(rb'xmlns:([A-Za-z_][\w.-]*)\s*=\s*["\']([^"\']*)["\']', data):
        m.setdefault(uri.decode("utf-8", "replace"), []).append(pre.decode())
    return m


# ----------------------------------------------------------------- CLI

def check_file(path, run_qpdf=True, pdfa_conformance=("U", "A")):
    return Checker(path, run_qpdf=run_qpdf, pdfa_conformance=pdfa_conformance).run()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--json", action="store_true", help="print one JSON document with all findings")
    ap.add_argument("--no-qpdf", action="store_true", help="do not run qpdf --check")
    ap.add_argument("--notes", action="store_true", help="also print notes (skipped checks)")
    ap.add_argument("--warnings-as-errors", action="store_true")
    a = ap.parse_args(argv)
    bad = False
    report = []
    for f in a.files:
        fs = check_file(f, run_qpdf=not a.no_qpdf)
        errs = [x for x in fs if x.severity == "error" or (a.warnings_as_errors and x.severity == "warning")]
        bad = bad or bool(errs)
        if a.json:
            report.append({"file": f, "ok": not errs, "errors": len(errs),
                           "findings": [x.as_dict() for x in fs]})
            continue
        for x in fs:
            if x.severity == "note" and not a.notes:
                continue
            sev = "" if x.severity == "error" else x.severity + ": "
            print("%s: %s: %s%s%s" % (f, x.rule, sev, x.message, x.where()))
    if a.json:
        json.dump({"ok": not bad, "files": report}, sys.stdout, indent=1)
        print()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
