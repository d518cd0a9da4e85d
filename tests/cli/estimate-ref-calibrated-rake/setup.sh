sh "$DATA/calibrate/setup-ref.sh" rake # needs REF
