"""m55ml: PyTorch models -> int8 ExecuTorch programs for the Arm Cortex-M backend.

Stages, one subpackage each (the same split as ExecuTorch's backends/cortex_m):
  models/       plain-PyTorch model definitions and the registry of exportable models
  calibration/  deterministic calibration, reference and evaluation data
  export/       the lowering pipeline (PT2E quantize -> torch.export -> edge -> cortex_m:: -> .pte)
  reports/      reading the produced .pte back, the manifest and the raw .bin files
The command line (`python -m m55ml export ...`) lives in cli.py.
"""
