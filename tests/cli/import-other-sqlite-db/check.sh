#!/bin/sh
[ "$(sqlite3 other.db "SELECT count(*) FROM sqlite_master")" = 1 ]
