[ "$(stat -c %a "$STORE")" = 600 ]
