[ ! -e elsewhere ]
