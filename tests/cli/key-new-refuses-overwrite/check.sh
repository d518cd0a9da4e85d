[ "$(cat k.key)" = old ]
