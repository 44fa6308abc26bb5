#!/usr/bin/python3
"""make_sample.py - build a minimal tagged PDF/UA-1 + PDF/A-2u file with pikepdf.

Usage: make_sample.py OUT.pdf [--break KIND]

One page: an H1 (MCID 0) and a P (MCID 1) in a Document element, text in
DejaVuSans embedded whole as a Type0/Identity-H CIDFontType2 with a
ToUnicode CMap and /W from the font's hmtx, a horizontal rule marked as an
/Artifact, XMP with pdfaid/pdfuaid (the pdfuaid schema declared through a
pdfaExtension entry), an sRGB output intent, and Info entries that agree
with the XMP.

--break KIND makes one deliberate mistake, for selftest.py:
  no-markinfo     catalog without /MarkInfo            -> PDF/UA 6.2-1
  untagged-text   a Tj outside any marked content      -> PDF/UA 7.1-3
  bad-parenttree  ParentTree gives the wrong element   -> ISO32000 ParentTree
  h3-after-h1     the P becomes an H3 after the H1      -> PDF/UA 7.4.2-1
  tounicode-gap   one shown code left out of ToUnicode  -> PDF/A 6.2.11.7.2-1
"""

import argparse
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pikepdf  # noqa: E402
from pikepdf import Array, Dictionary, Name, String  # noqa: E402

import fontprog  # noqa: E402

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
ICC = "/usr/share/color/icc/sRGB.icc"
BREAKS = ("no-markinfo", "untagged-text", "bad-parenttree", "h3-after-h1", "tounicode-gap")

TITLE = "PDF/UA sample handout"
PRODUCER = "pdfgen tests/pdfua/make_sample.py"


def xmp_packet(title, producer, when):
    iso = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return ("""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">%(title)s</rdf:li></rdf:Alt></dc:title>
   <dc:format>application/pdf</dc:format>
   <pdf:Producer>%(producer)s</pdf:Producer>
   <xmp:CreateDate>%(iso)s</xmp:CreateDate>
   <xmp:ModifyDate>%(iso)s</xmp:ModifyDate>
   <xmp:MetadataDate>%(iso)s</xmp:MetadataDate>
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>U</pdfaid:conformance>
   <pdfuaid:part>1</pdfuaid:part>
   <pdfaExtension:schemas>
    <rdf:Bag>
     <rdf:li rdf:parseType="Resource">
      <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
      <pdfaSchema:property>
       <rdf:Seq>
        <rdf:li rdf:parseType="Resource">
         <pdfaProperty:name>part</pdfaProperty:name>
         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
         <pdfaProperty:category>internal</pdfaProperty:category>
         <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
        </rdf:li>
       </rdf:Seq>
      </pdfaSchema:property>
     </rdf:li>
    </rdf:Bag>
   </pdfaExtension:schemas>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""" % {"title": title, "producer": producer, "iso": iso}).encode("utf-8")


def tounicode_cmap(pairs):
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             "/CMapName /Adobe-Identity-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange",
             "%d beginbfchar" % len(pairs)]
    for gid, ch in pairs:
        lines.append("<%04X> <%s>" % (gid, ch.encode("utf-16-be").hex().upper()))
    lines += ["endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def build(out, brk=None):
    when = datetime.datetime(2026, 1, 15, 9, 30, 0, tzinfo=datetime.timezone.utc)
    pdf = pikepdf.new()
    ttf_bytes = open(FONT, "rb").read()
    ttf = fontprog.SfntFont(ttf_bytes)
    cmap = ttf.cmaps().get((3, 1)) or ttf.cmaps().get((0, 3))

    heading = "Going home after your procedure"
    body = "Rest today. Call us if you feel unwell."
    extra = "Untagged"
    text_chars = sorted(set(heading + body + extra))
    gid_of = {ch: cmap[ord(ch)] for ch in text_chars}

    def enc(s):
        return "".join("%04X" % gid_of[ch] for ch in s)

    # font ---------------------------------------------------------------
    font_file = pikepdf.Stream(pdf, ttf_bytes)
    font_file.Length1 = len(ttf_bytes)
    upem = ttf.units_per_em
    used = sorted(set(gid_of.values()))
    w = Array()
    for g in used:
        w.append(g)
        w.append(Array([round(ttf.advance(g))]))
    base = "DejaVuSans"
    desc = pdf.make_indirect(Dictionary(
        Type=Name.FontDescriptor, FontName=Name("/" + base), Flags=32,
        FontBBox=Array([-1021, -463, 1793, 1232]), ItalicAngle=0, Ascent=928, Descent=-236,
        CapHeight=729, StemV=80, FontFile2=pdf.make_indirect(font_file)))
    cidfont = pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/" + base),
        CIDSystemInfo=Dictionary(Registry=String("Adobe"), Ordering=String("Identity"), Supplement=0),
        FontDescriptor=desc, DW=1000, W=w, CIDToGIDMap=Name.Identity))
    pairs = [(gid_of[ch], ch) for ch in text_chars]
    if brk == "tounicode-gap":
        drop = gid_of["R"]
        pairs = [p for p in pairs if p[0] != drop]
    tu = pdf.make_indirect(pikepdf.Stream(pdf, tounicode_cmap(pairs)))
    font = pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/" + base), Encoding=Name("/Identity-H"),
        DescendantFonts=Array([cidfont]), ToUnicode=tu))
    assert upem

    # content ------------------------------------------------------------
    content = (
        "/Artifact BMC\n0.6 0.6 0.6 RG 2 w 72 690 m 540 690 l S\nEMC\n"
        "/H1 <</MCID 0>> BDC\nBT /F1 20 Tf 0 0 0 rg 72 710 Td <%s> Tj ET\nEMC\n"
        "/P <</MCID 1>> BDC\nBT /F1 12 Tf 0 0 0 rg 72 660 Td <%s> Tj ET\nEMC\n"
        % (enc(heading), enc(body)))
    if brk == "untagged-text":
        content += "BT /F1 12 Tf 72 600 Td <%s> Tj ET\n" % enc(extra)
    page = pdf.make_indirect(Dictionary(
        Type=Name.Page, MediaBox=Array([0, 0, 612, 792]),
        Resources=Dictionary(Font=Dictionary(F1=font)),
        Contents=pdf.make_indirect(pikepdf.Stream(pdf, content.encode("ascii"))),
        StructParents=0, Tabs=Name.S))
    pdf.pages.append(pikepdf.Page(page))
    page = pdf.pages[0].obj

    # structure ----------------------------------------------------------
    str_root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    doc = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=str_root))
    h1 = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.H1, P=doc, Pg=page, K=0))
    para = pdf.make_indirect(Dictionary(Type=Name.StructElem,
                                        S=Name.H3 if brk == "h3-after-h1" else Name.P,
                                        P=doc, Pg=page, K=1))
    doc.K = Array([h1, para])
    str_root.K = doc
    mapping = Array([para, h1]) if brk == "bad-parenttree" else Array([h1, para])
    str_root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array([0, mapping])))
    str_root.ParentTreeNextKey = 1

    # catalog ------------------------------------------------------------
    root = pdf.Root
    if brk != "no-markinfo":
        root.MarkInfo = Dictionary(Marked=True)
    root.StructTreeRoot = str_root
    root.Lang = String("en-US")
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    md = pikepdf.Stream(pdf, xmp_packet(TITLE, PRODUCER, when))
    md.Type = Name.Metadata
    md.Subtype = Name.XML
    root.Metadata = pdf.make_indirect(md)
    icc = pikepdf.Stream(pdf, open(ICC, "rb").read())
    icc.N = 3
    root.OutputIntents = Array([Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
        Info=String("sRGB IEC61966-2.1"), DestOutputProfile=pdf.make_indirect(icc))])
    pdfdate = when.strftime("D:%Y%m%d%H%M%S+00'00'")
    pdf.trailer.Info = pdf.make_indirect(Dictionary(
        Title=String(TITLE), Producer=String(PRODUCER), CreationDate=String(pdfdate),
        ModDate=String(pdfdate)))
    # qpdf writes %PDF-1.7, the binary comment and a fresh /ID; it leaves the
    # XMP stream uncompressed.
    pdf.save(out, min_version="1.7", fix_metadata_version=False,
             object_stream_mode=pikepdf.ObjectStreamMode.disable)


def main(argv=None):
    ap = argparse.ArgumentParser(description="build the PDF/UA + PDF/A-2u sample")
    ap.add_argument("out")
    ap.add_argument("--break", dest="brk", choices=BREAKS)
    a = ap.parse_args(argv)
    build(a.out, a.brk)
    return 0


if __name__ == "__main__":
    sys.exit(main())
