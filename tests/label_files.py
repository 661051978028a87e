"""Carrier label files for tests: ZPL as shipping tools write it, and small PDFs with text."""

UPS = "1Z999AA10123456784"
USPS = "9400111899223197428497"
FEDEX = "986578788855"
DHL = "3318810025"


def zpl(order_text: str = "", tracking: str = UPS, barcode: str | None = None) -> bytes:
    """A 4x6 in carrier label: ship-to text, a reference line, the tracking barcode."""
    barcode = barcode if barcode is not None else f">:{tracking}"
    return (f"^XA^CI28^FO40,40^A0N,30,30^FDJane Doe^FS"
            f"^FO40,80^A0N,30,30^FD12 High St, New York NY 10012^FS"
            f"^FO40,120^A0N,30,30^FD{order_text}^FS"
            f"^FO40,200^BCN,200,Y,N,N^FD{barcode}^FS"
            f"^FO40,450^A0N,40,40^FDTRACKING #: {tracking}^FS^XZ\n").encode()


def pdf(lines: list[str]) -> bytes:
    """A one-page PDF (4x6 in) whose text is `lines`, in Helvetica."""
    text = "BT /F1 14 Tf 20 400 Td 16 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*"
        for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 288 432] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            f"%%EOF\n").encode()
    return out
