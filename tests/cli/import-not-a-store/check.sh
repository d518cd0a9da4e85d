#!/bin/sh
[ "$(cat notastore.db)" = "just text" ]
