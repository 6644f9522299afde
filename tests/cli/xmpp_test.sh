# The XMPP adapter end to end against a real Prosody (tests/xmpp/run.sh; needs shoal_tests beside shoal).
check xmpp_prosody bash tests/xmpp/run.sh "$(dirname "$SHOAL")"
