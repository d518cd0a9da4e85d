sh "$DATA/calibrate/setup-ref.sh" poststrat # needs REF
