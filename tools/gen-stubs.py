#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Writes typing stubs (.pyi) for ``gi.repository.Kpi`` from Kpi-1.0.gir.

    tools/gen-stubs.py Kpi-1.0.gir > Kpi.pyi

Classes, records, interfaces, enums and flags, with each method's Python
signature the way PyGObject calls it: array lengths, out-arguments and
the GError are not arguments; the return value and the out-arguments come
back as a tuple; a trailing nullable argument may be left out. The
override's additions (bindings/python/gi/overrides/Kpi.py) are written
too: instants accept datetimes, exports return their text alone, periods
and values compare and convert, datasets give NumPy arrays and pandas
DataFrames. The first paragraph of each symbol's documentation becomes its
docstring, so that an editor shows it. Only the standard library is used.
"""

import keyword
import re
import sys
import xml.etree.ElementTree as ET

CORE = '{http://www.gtk.org/introspection/core/1.0}'
C = '{http://www.gtk.org/introspection/c/1.0}'
GLIB = '{http://www.gtk.org/introspection/glib/1.0}'

BASIC = {
    'gboolean': 'bool', 'gchar': 'int', 'guchar': 'int', 'gint': 'int', 'guint': 'int',
    'gint8': 'int', 'guint8': 'int', 'gint16': 'int', 'guint16': 'int',
    'gint32': 'int', 'guint32': 'int', 'gint64': 'int', 'guint64': 'int',
    'glong': 'int', 'gulong': 'int', 'gsize': 'int', 'gssize': 'int', 'GType': 'GObject.GType',
    'gunichar': 'str', 'gdouble': 'float', 'gfloat': 'float', 'utf8': 'str', 'filename': 'str',
    'none': 'None', 'gpointer': 'object', 'gconstpointer': 'object', 'va_list': 'object',
    'GLib.List': 'list', 'GLib.SList': 'list', 'GLib.PtrArray': 'list', 'GLib.Array': 'list',
    'GLib.HashTable': 'dict', 'GLib.Error': 'GLib.Error', 'GLib.Bytes': 'GLib.Bytes',
}

# The C API's names of instant arguments (microseconds since the epoch),
# which the override lets take datetimes: as in Kpi.py.
INSTANT_ARGUMENTS = {
    'as_of', 'at', 'data_as_of', 'date', 'end', 'evaluated_at', 'now',
    'recorded_at', 'since', 'start', 'time', 'times', 'until',
}
INSTANT_GETTERS = {
    'get_as_of', 'get_at', 'get_data_as_of', 'get_date', 'get_end',
    'get_evaluated_at', 'get_now', 'get_recorded_at', 'get_since',
    'get_start', 'get_time', 'get_actual_date', 'get_forecast_date',
    'get_planned_date', 'get_planned_start', 'get_planned_end',
    'get_data_end', 'get_date_for_percent',
}

# What the override adds, class by class (bindings/python/gi/overrides/Kpi.py).
OVERRIDE_MEMBERS = {
    'Period': '''
    def __eq__(self, other: object) -> bool: ...
    def __ne__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...
    def __lt__(self, other: Period) -> bool: ...
    def __le__(self, other: Period) -> bool: ...
    def __gt__(self, other: Period) -> bool: ...
    def __ge__(self, other: Period) -> bool: ...
    def __contains__(self, instant: Instant) -> bool: ...
    @property
    def label(self) -> str: ...
    @property
    def granularity(self) -> Granularity: ...''',
    'Value': '''
    def __float__(self) -> float:
        """The number; NaN when the value is missing."""
    @property
    def number(self) -> typing.Optional[float]:
        """The number, or None when the value is missing."""
    @property
    def period(self) -> typing.Optional[Period]: ...
    @property
    def flags(self) -> ValueFlags: ...''',
    'Dataset': '''
    def column(self, name: str) -> typing.Any:
        """A read-only NumPy array sharing the column's memory."""
    def to_pandas(self) -> typing.Any:
        """A pandas DataFrame of the dataset."""
    @classmethod
    def from_pandas(cls, frame: typing.Any, time_column: str = ...) -> Dataset:
        """A new dataset from a pandas DataFrame."""''',
}
FLAGS_MEMBERS = '''
    @property
    def names(self) -> typing.Tuple[str, ...]:
        """The nicks of the flags set (no "none")."""
    def __iter__(self) -> typing.Iterator[%s]: ...'''
# Signatures the override replaces (keyword defaults).
OVERRIDE_SIGNATURES = {
    ('Trend', 'analyze'): '''    @staticmethod
    def analyze(values: typing.Iterable[typing.Union[float, None, Value]], significance: float = ..., stagnation_tolerance: float = ...) -> Trend:''',
    ('Indicator', 'evaluate_breakdown'): '''    def evaluate_breakdown(self, context: Context, period: Period, dimension: str, top_n: int = ...) -> typing.Tuple[typing.Optional[typing.List[Value]], Value]:''',
}
LOAD_METHODS = {'load_path', 'load_file', 'load_data', 'load_stream',
                'load_file_async', 'load_stream_async'}


def first_paragraph(element):
    doc = element.find(CORE + 'doc')
    if doc is None or not doc.text:
        return None
    text = doc.text.strip().split('\n\n')[0]
    text = ' '.join(text.split())
    return text.replace('\\', '\\\\').replace('"""', '\\"\\"\\"')


def docstring(element, indent):
    text = first_paragraph(element)
    if not text:
        return ''
    return '\n%s"""%s"""' % (indent, text)


class Namespace:
    def __init__(self, root):
        self.ns = root.find(CORE + 'namespace')
        self.name = self.ns.get('name')
        self.local = {e.get('name') for e in self.ns
                      if e.tag in (CORE + t for t in ('class', 'record', 'interface', 'enumeration',
                                                       'bitfield', 'callback', 'alias', 'union'))}
        self.callbacks = {e.get('name') for e in self.ns.findall(CORE + 'callback')}

    def type_name(self, type_element):
        if type_element is None:
            return 'typing.Any'
        if type_element.tag == CORE + 'array':
            inner = type_element.find(CORE + 'type')
            if inner is None:
                inner = type_element.find(CORE + 'array')
            inner_name = inner.get('name') if inner is not None else None
            if inner_name in ('guint8', 'gint8'):
                return 'bytes'
            if type_element.get('name') == 'GLib.Bytes':
                return 'GLib.Bytes'
            return 'typing.List[%s]' % self.type_name(inner)
        name = type_element.get('name')
        if name is None:
            return 'typing.Any'
        if name in ('GLib.List', 'GLib.SList', 'GLib.PtrArray', 'GLib.Array'):
            inner = type_element.find(CORE + 'type')
            return 'typing.List[%s]' % (self.type_name(inner) if inner is not None else 'typing.Any')
        if name == 'GLib.HashTable':
            inners = type_element.findall(CORE + 'type')
            if len(inners) == 2:
                return 'typing.Dict[%s, %s]' % (self.type_name(inners[0]), self.type_name(inners[1]))
            return 'dict'
        if name in BASIC:
            return BASIC[name]
        if name in self.callbacks:
            return 'typing.Callable[..., typing.Any]'
        if name in self.local:
            return name
        if '.' in name:
            return name
        return 'typing.Any'

    def callable(self, element, kind, class_name, indent):
        """A def line for a method (kind 'method'), constructor or function."""
        name = element.get('name')
        if (class_name, name) in OVERRIDE_SIGNATURES:
            return OVERRIDE_SIGNATURES[(class_name, name)] + docstring(element, indent + '    ') \
                + ('' if first_paragraph(element) else ' ...')
        params_element = element.find(CORE + 'parameters')
        params = params_element.findall(CORE + 'parameter') if params_element is not None else []
        hidden = set()
        for p in params:
            for t in p.iter(CORE + 'array'):
                if t.get('length') is not None:
                    hidden.add(int(t.get('length')))
            for attr in ('closure', 'destroy'):
                if p.get(attr) is not None:
                    hidden.add(int(p.get(attr)))
        ret = element.find(CORE + 'return-value')
        for t in ret.iter(CORE + 'array') if ret is not None else []:
            if t.get('length') is not None:
                hidden.add(int(t.get('length')))
        ins, outs = [], []
        for i, p in enumerate(params):
            if i in hidden:
                continue
            pname = p.get('name')
            if pname == '...':
                continue
            if keyword.iskeyword(pname):
                pname += '_'
            ptype = self.type_name(p.find(CORE + 'type') if p.find(CORE + 'type') is not None
                                   else p.find(CORE + 'array'))
            direction = p.get('direction', 'in')
            if direction in ('out', 'inout'):
                outs.append((pname, ptype))
            if direction in ('in', 'inout'):
                if pname in INSTANT_ARGUMENTS and ptype in ('int', 'typing.List[int]'):
                    ptype = 'Instant' if ptype == 'int' else 'typing.List[Instant]'
                nullable = p.get('nullable') == '1' or p.get('allow-none') == '1'
                if nullable:
                    ptype = 'typing.Optional[%s]' % ptype
                ins.append([pname, ptype, nullable])
        # PyGObject lets trailing nullable arguments be left out
        for entry in reversed(ins):
            if not entry[2]:
                break
            entry[2] = 'default'
        args = ['%s: %s%s' % (n, t, ' = ...' if d == 'default' else '') for n, t, d in ins]
        if class_name in LOAD_METHODS_CLASSES and name in LOAD_METHODS:
            args.append('**load_options: typing.Any')
        rtype = 'None'
        if ret is not None:
            rt = ret.find(CORE + 'type')
            if rt is None:
                rt = ret.find(CORE + 'array')
            rtype = self.type_name(rt)
            if ret.get('nullable') == '1' and rtype != 'None':
                rtype = 'typing.Optional[%s]' % rtype
        if kind == 'constructor':
            rtype = class_name
        results = ([rtype] if rtype != 'None' else []) + [t for _, t in outs]
        if outs == [('length', 'int')] and rtype == 'str':
            results = ['str']   # the override returns the text alone
        if not results:
            result = 'None'
        elif len(results) == 1:
            result = results[0]
        else:
            result = 'typing.Tuple[%s]' % ', '.join(results)
        lines = []
        if kind == 'constructor':
            lines.append(indent + '@classmethod')
            args.insert(0, 'cls')
        elif kind == 'function' and class_name:
            lines.append(indent + '@staticmethod')
        elif kind == 'method':
            args.insert(0, 'self')
        doc = docstring(element, indent + '    ')
        lines.append('%sdef %s(%s) -> %s:%s' % (indent, name, ', '.join(args), result,
                                              doc if doc else ' ...'))
        return '\n'.join(lines)


LOAD_METHODS_CLASSES = {'Dataset'}


def write_class(ns, element, out):
    name = element.get('name')
    tag = element.tag[len(CORE):]
    if tag in ('enumeration', 'bitfield'):
        base = 'GObject.GFlags' if tag == 'bitfield' else 'GObject.GEnum'
        out.append('class %s(%s):%s' % (name, base, docstring(element, '    ')))
        for member in element.findall(CORE + 'member'):
            mname = member.get('name').upper()
            if mname[0].isdigit():
                mname = '_' + mname
            out.append('    %s: %s = ...' % (mname, name))
        if tag == 'bitfield':
            out.append(FLAGS_MEMBERS % name)
        out.append('')
        return
    parent = element.get('parent')
    bases = []
    if parent:
        bases.append(ns.type_name(ET.Element('type', name=parent)))
    for impl in element.findall(CORE + 'implements'):
        bases.append(ns.type_name(ET.Element('type', name=impl.get('name'))))
    if not bases:
        bases = ['GObject.Object'] if tag == 'interface' else ['GObject.GBoxed' if element.get(GLIB + 'type-name') else 'object']
    out.append('class %s(%s):%s' % (name, ', '.join(bases), docstring(element, '    ')))
    members = []
    if tag == 'class' or tag == 'interface':
        props = [p.get('name').replace('-', '_') for p in element.findall(CORE + 'property')]
        if props:
            members.append('    class Props:')
            for p in element.findall(CORE + 'property'):
                members.append('        %s: %s' % (p.get('name').replace('-', '_'),
                                                  ns.type_name(p.find(CORE + 'type'))))
            members.append('    props: Props')
    seen = set()
    for kind, child_tag in (('constructor', 'constructor'), ('function', 'function'),
                            ('method', 'method')):
        for child in element.findall(CORE + child_tag):
            if child.get('introspectable') == '0' or child.get('name') in seen:
                continue
            seen.add(child.get('name'))
            members.append(ns.callable(child, kind, name, '    '))
            if (kind == 'method' and child.get('name') in INSTANT_GETTERS):
                rt = child.find(CORE + 'return-value/' + CORE + 'type')
                if rt is not None and rt.get('name') == 'gint64':
                    params = child.find(CORE + 'parameters')
                    n = len(params.findall(CORE + 'parameter')) if params is not None else 0
                    helper = child.get('name')[4:] + '_datetime'
                    if n:
                        members.append('    def get_%s(self, *args: typing.Any) -> typing.Optional[datetime.datetime]: ...' % helper)
                    else:
                        members.append('    @property\n    def %s(self) -> typing.Optional[datetime.datetime]: ...' % helper)
    if name in OVERRIDE_MEMBERS:
        members.append(OVERRIDE_MEMBERS[name].strip('\n'))
    if tag in ('class', 'interface') and element.find(CORE + 'implements[@name="Gio.ListModel"]') is not None:
        members.append('    def __iter__(self) -> typing.Iterator[typing.Any]: ...')
        members.append('    def __len__(self) -> int: ...')
    out.extend(members or ['    ...'])
    out.append('')


def generate(gir_path):
    root = ET.parse(gir_path).getroot()
    ns = Namespace(root)
    out = [
        '# SPDX-License-Identifier: LGPL-2.1-or-later',
        '# Generated by tools/gen-stubs.py from %s: do not edit.' % gir_path.rsplit('/', 1)[-1],
        '"""Typing stubs for gi.repository.%s (with the override\'s additions)."""' % ns.name,
        'import datetime',
        'import typing',
        '',
        'from gi.repository import GLib, GObject, Gio',
        '',
        'Instant = typing.Union[int, datetime.datetime, datetime.date]',
        '"""Microseconds since the Unix epoch (UTC), an aware datetime, or a date."""',
        '',
        'def to_instant(value: Instant, calendar: typing.Optional[Calendar] = ...) -> int: ...',
        'def to_datetime(instant: int) -> typing.Optional[datetime.datetime]: ...',
        '',
    ]
    for constant in ns.ns.findall(CORE + 'constant'):
        out.append('%s: %s' % (constant.get('name'), ns.type_name(constant.find(CORE + 'type'))))
    out.append('')
    for element in ns.ns:
        if element.tag in (CORE + 'class', CORE + 'record', CORE + 'interface',
                           CORE + 'enumeration', CORE + 'bitfield'):
            if element.get(GLIB + 'is-gtype-struct-for') or element.get('disguised') == '1':
                continue
            write_class(ns, element, out)
    for function in ns.ns.findall(CORE + 'function'):
        if function.get('introspectable') == '0':
            continue
        out.append(ns.callable(function, 'function', None, ''))
    return '\n'.join(out) + '\n'


def main(argv):
    if len(argv) != 2:
        sys.stderr.write('usage: gen-stubs.py Kpi-1.0.gir > Kpi.pyi\n')
        return 2
    sys.stdout.write(generate(argv[1]))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
