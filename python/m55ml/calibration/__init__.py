"""Deterministic data for calibration, reference inputs and on-device evaluation.

Nothing here is downloaded: image-like and MFCC-like tensors are synthesised from seeded
generators, and the digits data set ships inside scikit-learn. The same seed always gives the
same bytes, which is what makes the exported .pte and its reference files reproducible.
"""

from m55ml.calibration.digits import DigitsSplit, load_digits_split
from m55ml.calibration.synthetic import synthetic_images, synthetic_mfcc

__all__ = ["DigitsSplit", "load_digits_split", "synthetic_images", "synthetic_mfcc"]
