"""Command barcodes: what a person does at a station by key, as a code to scan.

A scanner-only station needs no keyboard, and `replay` can drive every step, when each action
has a barcode. The text is `#CMD:` and the command's name: `#` is outside GS1's character set
82 and no bin, SKU or PO code may hold it, so a command never collides with a real code. It is
printed as Code 128. Names compare without case (Caps Lock inverts scanned letters).

The table is open: a station answers the commands it knows and refuses the others clearly.
"""

from dataclasses import dataclass

PREFIX = "#CMD:"


@dataclass(frozen=True)
class Command:
    name: str
    title: str  # printed on the sheet under the barcode
    hint: str  # what it does, in a few words


COMMANDS: dict[str, Command] = {c.name: c for c in (
    Command("UNDO", "Undo", "Take back the last step (Ctrl+Z)"),
    Command("CANCEL", "Cancel", "Drop the quantity, lot or item asked for now"),
    Command("FINISH", "Finish", "Finish the PO (Receive) or close the bin (Count) (F10)"),
    Command("SHORT", "Short pick", "The bin holds less than the pick asks (F8, twice)"),
    Command("EMPTY", "Bin is empty", "Confirm an empty bin at Count (Ctrl+E)"),
    Command("OLDEST", "Oldest in the dock", "Put away the oldest stock in the dock (Enter)"),
    Command("NEWBOX", "New box", "Close the box and open the next one at Pack (Ctrl+B)"),
    Command("PARTIAL", "Ship in part", "Ship what is packed, the rest stays on backorder "
            "(Ctrl+Shift+P, twice)"),
    Command("SLIP", "Packing slip", "Print the packing slip of the order at Pack again "
            "(Ctrl+P)"),
    Command("LABEL", "Print label", "Print the order's shipping label at Pack (Ctrl+L)"),
    # The Pack page's, not its station's: the scale is read by the window.
    Command("WEIGH", "Weigh the box", "The scale's weight goes on the open box at Pack "
            "(Ctrl+W)"),
    # The window's, not a station's: whoever is logged in at this station logs out.
    Command("LOGOUT", "Log out", "Log out of this station (Ctrl+Shift+L)"),
)}


def code_of(name: str) -> str:
    """The text a command's barcode holds."""
    return PREFIX + name


def command_in(text: str) -> str | None:
    """The command a scanned text names (known or not), or None when it is no command."""
    text = text.strip()
    if len(text) > len(PREFIX) and text[:len(PREFIX)].upper() == PREFIX:
        return text[len(PREFIX):].strip().upper()
    return None
