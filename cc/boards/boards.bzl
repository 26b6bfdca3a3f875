"""The simulated boards firmware runs on: the one place a board is described.

Each board is a package //cc/boards/<name> (BUILD: `cortex_m_board(name = "<name>")`) with a
linker script generated from the memory regions below (`bazel run //tools/cores:update`,
checked by //tests/platforms:generated_files_test). Its four regions:
  code:    vectors, code, read-only data, .data's load image (the reset vector is fetched here)
  ram:     .data, .bss, the main stack
  arena:   the activation arena (planned buffers, then input staging): the rest of the region
  program: the .pte constants (section .rodata.program), read-only like flash
cortex_m_firmware checks a program's constants and planned arena against the `program` and
`arena` lengths before it links (one line naming the program, its bytes and the capacity).

Read the maps with QEMU's monitor: `qemu-system-arm -M <machine> -S -monitor stdio` then
`info mtree -f`. The tables are plain literals, so Python tools read them too.
"""

_KB = 1024
_MB = 1024 * 1024

BOARDS = {
    # Arm Corstone SSE-300 FPGA image (AN547). Boots Secure: Secure aliases of the TCMs, SRAM and
    # QSPI. ITCM is also visible at 0x0.
    "corstone300": {
        "core": "cortex_m55",
        "qemu_machine": "mps3-an547",
        "fvp_model": "FVP_Corstone_SSE-300_Ethos-U55",
        "title": "Arm MPS3 AN547 (Corstone SSE-300)",
        "regions": {
            "code": {"name": "ITCM", "origin": 0x10000000, "length": 512 * _KB},
            "ram": {"name": "DTCM", "origin": 0x30000000, "length": 512 * _KB},
            "arena": {"name": "ISRAM", "origin": 0x31000000, "length": 4 * _MB},
            "program": {"name": "QSPI", "origin": 0x38000000, "length": 8 * _MB},
        },
    },
    # MPS2 AN385: Cortex-M3. SSRAM1 4 MB at 0x0 (code), SSRAM2/3 4 MB at 0x20000000 (data, then
    # the arena), PSRAM 16 MB at 0x21000000 (program).
    "mps2_an385": {
        "core": "cortex_m3",
        "qemu_machine": "mps2-an385",
        "fvp_model": "FVP_MPS2_Cortex-M3",
        "title": "Arm MPS2 AN385 (Cortex-M3)",
        "regions": {
            "code": {"name": "SSRAM1", "origin": 0x00000000, "length": 4 * _MB},
            "ram": {"name": "SSRAM23", "origin": 0x20000000, "length": 256 * _KB},
            "arena": {"name": "SSRAM23_ARENA", "origin": 0x20040000, "length": 3840 * _KB},
            "program": {"name": "PSRAM", "origin": 0x21000000, "length": 16 * _MB},
        },
    },
    # MPS2 AN386: Cortex-M4F, the AN385 memory map.
    "mps2_an386": {
        "core": "cortex_m4",
        "qemu_machine": "mps2-an386",
        "fvp_model": "FVP_MPS2_Cortex-M4",
        "title": "Arm MPS2 AN386 (Cortex-M4)",
        "regions": {
            "code": {"name": "SSRAM1", "origin": 0x00000000, "length": 4 * _MB},
            "ram": {"name": "SSRAM23", "origin": 0x20000000, "length": 256 * _KB},
            "arena": {"name": "SSRAM23_ARENA", "origin": 0x20040000, "length": 3840 * _KB},
            "program": {"name": "PSRAM", "origin": 0x21000000, "length": 16 * _MB},
        },
    },
    # MPS2 AN500: Cortex-M7; PSRAM at 0x60000000.
    "mps2_an500": {
        "core": "cortex_m7",
        "qemu_machine": "mps2-an500",
        "fvp_model": "FVP_MPS2_Cortex-M7",
        "title": "Arm MPS2 AN500 (Cortex-M7)",
        "regions": {
            "code": {"name": "SSRAM1", "origin": 0x00000000, "length": 4 * _MB},
            "ram": {"name": "SSRAM23", "origin": 0x20000000, "length": 256 * _KB},
            "arena": {"name": "SSRAM23_ARENA", "origin": 0x20040000, "length": 3840 * _KB},
            "program": {"name": "PSRAM", "origin": 0x60000000, "length": 16 * _MB},
        },
    },
    # MPS2 AN505 (IoT Kit, SSE-200 subsystem): Cortex-M33, boots Secure with its vector table at
    # 0x10000000. SSRAM1 4 MB at 0x10000000 and SSRAM2/3 2+2 MB at 0x38000000 (Secure aliases,
    # behind TrustZone MPCs that reset to all-Secure), PSRAM 16 MB at 0x80000000.
    "mps2_an505": {
        "core": "cortex_m33",
        "qemu_machine": "mps2-an505",
        "fvp_model": "FVP_MPS2_Cortex-M33",
        "title": "Arm MPS2 AN505 (Cortex-M33, IoT Kit)",
        "regions": {
            "code": {"name": "SSRAM1", "origin": 0x10000000, "length": 4 * _MB},
            "ram": {"name": "SSRAM23", "origin": 0x38000000, "length": 256 * _KB},
            "arena": {"name": "SSRAM23_ARENA", "origin": 0x38040000, "length": 3840 * _KB},
            "program": {"name": "PSRAM", "origin": 0x80000000, "length": 16 * _MB},
        },
    },
}
