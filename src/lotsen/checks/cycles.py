"""Cycles in a hierarchy: an object that is, through others, above itself."""

from __future__ import annotations


def cycles(parents: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle met walking up from every object, in order, as the path from where
    it starts back to the same object (``A → B → A``); one cycle may be met more than
    once, from different places."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    # depth-first with an explicit stack: a hierarchy a thousand levels deep is fine
    for root in sorted(parents):
        if root in state:
            continue
        path: list[str] = []
        stack: list[tuple[str, int]] = [(root, 0)]
        while stack:
            node, next_parent = stack.pop()
            if next_parent == 0:
                state[node] = 1
                path.append(node)
            node_parents = parents.get(node, [])
            if next_parent < len(node_parents):
                stack.append((node, next_parent + 1))
                parent = node_parents[next_parent]
                if state.get(parent) == 1:
                    found.append(path[path.index(parent):] + [parent])
                elif parent not in state:
                    stack.append((parent, 0))
            else:
                path.pop()
                state[node] = 2
    return found
