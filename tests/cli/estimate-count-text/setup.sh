sh "$DATA/calibrate/setup-ref.sh" # needs REF
