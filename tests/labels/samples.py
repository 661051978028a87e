"""Label contents used across the label tests: every template and every barcode choice."""

from datetime import date

from app.labels.templates import BadgeLabel, BinLabel, ItemLabel, LotLabel

EAN13_GTIN = "04012345000016"  # GTIN-13 4012345000016
UPCA_GTIN = "00036000291452"  # GTIN-12 036000291452
EAN8_GTIN = "00000040000015"  # GTIN-8 40000015
CASE_GTIN = "14012345000013"  # GTIN-14 with indicator digit 1

SAMPLES = {
    "bin": BinLabel("A-01-01", "A"),
    "bin-qr-arrow": BinLabel("B-12-03", "B", "up", True),
    "bin-down-long": BinLabel("BULK-2024-01", None, "down", True),
    "item-ean13": ItemLabel("MUG-01", "Mug, blue, 300 ml, stoneware", EAN13_GTIN),
    "item-upca": ItemLabel("CUP-7", "Paper cups 12 oz (50 pcs)", UPCA_GTIN),
    "item-ean8": ItemLabel("TEA-S", "Tea sampler", EAN8_GTIN),
    "item-case": ItemLabel("MUG-01-CASE", "Mug, blue, case of 12", CASE_GTIN),
    "item-sku": ItemLabel("FILT-02/100", "Paper filters size 02, 100 pcs", None),
    "lot-expiry": LotLabel("COF-1", "Coffee beans, espresso roast, 1 kg", EAN13_GTIN,
                           "L24123A", date(2026, 12, 31)),
    "lot-no-expiry": LotLabel("SOAP-3", "Olive soap bar", UPCA_GTIN, "B78378"),
    "lot-no-gtin": LotLabel("HONEY-5", "Forest honey 500 g", None, "H-2025-07", date(2027, 1, 15)),
    "badge": BadgeLabel("Ana Lopez", "operator", "BADGE-3F9A0C21D4"),
}
