"""Providers shared by the firmware rules."""

FirmwareInfo = provider(
    doc = "A firmware ELF that runs a linked-in .pte program (from cortex_m_firmware).",
    fields = {
        "elf": "File: the linked ELF",
        "model": "PteModelInfo of the program linked in",
        "board": "BoardInfo of the board it is linked for (cc/boards/board.bzl)",
    },
)
