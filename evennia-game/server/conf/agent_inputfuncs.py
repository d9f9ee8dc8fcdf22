"""
Input functions of the agents (see settings.INPUT_FUNC_MODULES and world-seed/PROTOCOL.md).

All global functions here whose names do not start with `_` are inputfuncs, called as
`name(session, *args, **kwargs)`.

"""
