"""The stubs (_f1core.pyi) and the native module agree, both ways: the same
public names, the same kinds (function, class, method, property), the same
parameters and defaults; every public name has a docstring in both."""

import ast
import inspect
from pathlib import Path

import pytest

import f1core
from f1core import _f1core

STUB = Path(f1core.__file__).with_name("_f1core.pyi")
# Stub-only helpers (type aliases), not runtime names.
ALIASES = {"Progress", "LapsSource", "ModelSource"}
DUNDERS = {"__init__", "__len__", "__getitem__", "__eq__"}


def stub_tree():
    return ast.parse(STUB.read_text())


def public(name):
    return not name.startswith("_") or name in DUNDERS


def stub_names():
    out = {}
    for node in stub_tree().body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            out[node.name] = node
        elif isinstance(node, ast.AnnAssign):
            out[node.target.id] = node
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                out[t.id] = node
    return {k: v for k, v in out.items() if k not in ALIASES}


def runtime_names():
    return {n for n in dir(_f1core) if not n.startswith("_") or n == "__version__"}


def test_typed_package_markers():
    assert STUB.is_file()
    assert STUB.with_name("py.typed").is_file()
    assert f1core.__doc__ and _f1core.__doc__


def test_same_module_names_both_ways():
    assert set(stub_names()) == runtime_names()
    assert set(f1core.__all__) == runtime_names()


def stub_params(fn: ast.FunctionDef):
    """[(name, kind, default)] with kind one of positional / keyword_only."""
    a = fn.args
    out = []
    positional = a.posonlyargs + a.args
    defaults = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
    for arg, d in zip(positional, defaults):
        if arg.arg == "self":
            continue
        out.append((arg.arg, "positional", ast.literal_eval(d) if d else inspect.Parameter.empty))
    for arg, d in zip(a.kwonlyargs, a.kw_defaults):
        out.append((arg.arg, "keyword_only", ast.literal_eval(d) if d else inspect.Parameter.empty))
    return out


def runtime_params(obj):
    kinds = {
        inspect.Parameter.POSITIONAL_OR_KEYWORD: "positional",
        inspect.Parameter.POSITIONAL_ONLY: "positional",
        inspect.Parameter.KEYWORD_ONLY: "keyword_only",
    }
    sig = inspect.signature(obj)
    return [(p.name, kinds[p.kind], p.default) for p in sig.parameters.values()
            if p.name not in ("self", "$self")]


def has_doc(node):
    return bool(ast.get_docstring(node))


@pytest.mark.parametrize("name", sorted(n for n, v in stub_names().items()
                                        if isinstance(v, ast.FunctionDef)))
def test_functions(name):
    node = stub_names()[name]
    fn = getattr(_f1core, name)
    assert callable(fn) and not inspect.isclass(fn)
    assert stub_params(node) == runtime_params(fn), name
    assert has_doc(node) and fn.__doc__, f"{name}: docstring"


def class_members(cls):
    return {n: v for n, v in vars(cls).items() if public(n)}


def stub_members(node: ast.ClassDef):
    return {n.name: n for n in node.body if isinstance(n, ast.FunctionDef) and public(n.name)}


def kind_of_stub(fn: ast.FunctionDef):
    decorators = {d.id for d in fn.decorator_list if isinstance(d, ast.Name)}
    return "property" if "property" in decorators else (
        "staticmethod" if "staticmethod" in decorators else "method")


def kind_of_runtime(value):
    if inspect.isgetsetdescriptor(value) or inspect.ismemberdescriptor(value) or isinstance(value, property):
        return "property"
    if isinstance(value, staticmethod) or inspect.isbuiltin(value):
        return "staticmethod"
    return "method"


@pytest.mark.parametrize("name", sorted(n for n, v in stub_names().items()
                                        if isinstance(v, ast.ClassDef)))
def test_classes(name):
    node = stub_names()[name]
    cls = getattr(_f1core, name)
    assert inspect.isclass(cls)
    assert has_doc(node) and cls.__doc__, f"{name}: docstring"
    if issubclass(cls, BaseException):
        return
    runtime = class_members(cls)
    stub = stub_members(node)
    runtime_view = {n for n in runtime if n != "__init__"}
    stub_view = {n for n in stub if n != "__init__"}
    assert stub_view == runtime_view, name
    for member, fn in stub.items():
        if member == "__init__":
            # The constructor's signature is the class's (pyo3 #[new]).
            assert stub_params(fn) == runtime_params(cls), name
            continue
        value = runtime[member]
        assert kind_of_stub(fn) == kind_of_runtime(value), f"{name}.{member}"
        if kind_of_stub(fn) != "property":
            assert stub_params(fn) == runtime_params(getattr(cls, member)), f"{name}.{member}"
        assert has_doc(fn), f"{name}.{member}: stub docstring"
        if not member.startswith("__"):
            assert getattr(cls, member).__doc__, f"{name}.{member}: runtime docstring"
