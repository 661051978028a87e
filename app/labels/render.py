"""Drawing labels into Pillow images: one label, a sheet of labels, PNG files.

Images are 1-bit, as a thermal printer prints: bars and QR modules are rectangles on whole
dots, text is drawn without grey edges. The image's size is the label's size in dots.
"""

from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw

from app.labels.fonts import pil_font
from app.labels.layout import Drawing, dots
from app.labels.templates import LabelSize


def to_image(drawing: Drawing) -> Image.Image:
    image = Image.new("1", (drawing.width, drawing.height), 1)
    draw = ImageDraw.Draw(image)
    for x0, y0, x1, y1 in drawing.rects():
        draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=0)
    for polygon in drawing.polygons():
        draw.polygon(polygon, fill=0)
    for text in drawing.texts:
        draw.text((text.x, text.baseline), text.text, font=pil_font(text.size, text.bold),
                  fill=0, anchor="ls")
    return image


def sheet_pages(drawings: Sequence[Drawing], size: LabelSize) -> list[Image.Image]:
    """The labels placed on sheets (A4/Letter pages), as many pages as needed."""
    sheet = size.sheet
    if sheet is None:
        raise ValueError(f"{size.name} is a roll size, not a sheet")
    pages: list[Image.Image] = []
    for index, drawing in enumerate(drawings):
        if index % sheet.per_page == 0:
            dpi = drawing.dpi
            pages.append(Image.new("1", (dots(sheet.page_w, dpi), dots(sheet.page_h, dpi)), 1))
        x, y = sheet.origin(index)
        pages[-1].paste(to_image(drawing), (dots(x, drawing.dpi), dots(y, drawing.dpi)))
    return pages


def write_pngs(drawings: Sequence[Drawing], size: LabelSize, folder: str | Path) -> list[Path]:
    """One PNG per label for a roll size (label-0001.png...), one per page for a sheet
    (page-01.png...). Returns the files written."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if size.sheet:
        images = sheet_pages(drawings, size)
        names = [f"page-{n:02d}.png" for n in range(1, len(images) + 1)]
    else:
        images = [to_image(d) for d in drawings]
        names = [f"label-{n:04d}.png" for n in range(1, len(images) + 1)]
    paths = []
    for image, name in zip(images, names, strict=True):
        dpi = drawings[0].dpi
        image.save(folder / name, dpi=(dpi, dpi))
        paths.append(folder / name)
    return paths
