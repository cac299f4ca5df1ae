"""Draws the installable web app's icons once (static/pwa/*.png), with Pillow:
a white roof over 社 on the platform's red (--brand in frame.css). Run by hand
after changing the design: `.venv/bin/python docs/pwa_icons.py`; the PNGs are
committed, so nothing draws them at build or run time."""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BRAND = (0xB7, 0x1C, 0x1C)
WHITE = (255, 255, 255)
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"  # fonts-noto-cjk
OUT = Path(__file__).resolve().parents[1] / "static" / "pwa"


def mark(size: int, *, inset: float, rounded: bool) -> Image.Image:
    """The mark on a square of `size` px; `inset` is the share of each side
    left empty around it (a maskable icon keeps it inside the safe circle)."""
    scale = 4  # drawn large, then reduced: smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 6, fill=BRAND)
    else:
        draw.rectangle((0, 0, big, big), fill=BRAND)
    box = big * (1 - 2 * inset)
    left = top = big * inset
    # The roof: a thick chevron over the upper third.
    line = box * 0.07
    roof = [
        (left + box * 0.08, top + box * 0.42),
        (left + box * 0.5, top + box * 0.08),
        (left + box * 0.92, top + box * 0.42),
    ]
    draw.line(roof, fill=WHITE, width=round(line), joint="curve")
    for x, y in (roof[0], roof[2]):
        draw.ellipse((x - line / 2, y - line / 2, x + line / 2, y + line / 2), fill=WHITE)
    font = ImageFont.truetype(FONT, round(box * 0.5), index=2)  # index 2: SC
    draw.text((big / 2, top + box * 0.66), "社", font=font, fill=WHITE, anchor="mm")
    return image.resize((size, size), Image.LANCZOS)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    mark(192, inset=0.12, rounded=True).save(OUT / "icon-192.png", optimize=True)
    mark(512, inset=0.12, rounded=True).save(OUT / "icon-512.png", optimize=True)
    # Maskable: full bleed, the mark within the central 80% circle.
    mark(512, inset=0.2, rounded=False).save(OUT / "icon-maskable-512.png", optimize=True)
    # iOS rounds the corners itself and shows transparency as black.
    mark(180, inset=0.14, rounded=False).convert("RGB").save(
        OUT / "apple-touch-icon.png", optimize=True
    )


if __name__ == "__main__":
    main()
