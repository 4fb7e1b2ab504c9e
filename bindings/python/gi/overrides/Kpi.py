# SPDX-License-Identifier: LGPL-2.1-or-later
"""Python idioms for libkpi (``from gi.repository import Kpi``).

PyGObject loads this module on top of the typelib (its override mechanism,
as GStreamer's ``Gst`` does). What it adds, all documented in the
reference's "Python" page:

- periods compare (``==``, ``<`` by start then granularity), hash, print
  their label and can key a dict or be sorted;
- values convert to ``float`` (NaN when missing) and give ``.number``
  (``None`` when missing); flags print their nicks and iterate as sets;
- every instant argument accepts a ``datetime.datetime`` (an aware one:
  a naive datetime is an error, since a dashboard's periods depend on the
  time zone) or a ``datetime.date`` (midnight in the calendar's time zone
  where the object has a calendar, otherwise UTC), besides microseconds;
  instants come back as aware datetimes through ``*_datetime`` helpers;
- keyword defaults where the C API takes 0, NaN or NULL for "the default";
  load options as keyword arguments; exports return their text alone;
- ``Dataset.column()`` as a read-only NumPy array sharing the dataset's
  memory, ``Dataset.to_pandas()`` and ``Dataset.from_pandas()``.
"""

import ctypes
import datetime
import functools
import math

from ..module import get_introspection_module
from ..overrides import override
from gi._gi import EnumInfo, InterfaceInfo, ObjectInfo, Repository, StructInfo
from gi.repository import GLib

Kpi = get_introspection_module('Kpi')

__all__ = []

_UTC = datetime.timezone.utc
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=_UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)
_GI_DIRECTION_IN = 0
_GI_DIRECTION_OUT = 1

# The names the C API gives its instant arguments (microseconds since the
# Unix epoch, UTC, in a gint64): every such argument of every function is
# wrapped to accept datetimes as well.
_INSTANT_ARGUMENTS = frozenset((
    'as_of', 'at', 'data_as_of', 'date', 'end', 'evaluated_at', 'now',
    'recorded_at', 'since', 'start', 'time', 'times', 'until',
))
# Getters returning an instant; each gets a *_datetime sibling.
_INSTANT_GETTERS = frozenset((
    'get_as_of', 'get_at', 'get_data_as_of', 'get_date', 'get_end',
    'get_evaluated_at', 'get_now', 'get_recorded_at', 'get_since',
    'get_start', 'get_time', 'get_actual_date', 'get_forecast_date',
    'get_planned_date', 'get_planned_start', 'get_planned_end',
    'get_data_end', 'get_date_for_percent',
))


# ---------------------------------------------------------------------------
# Instants

def _calendar_of(obj):
    if isinstance(obj, Kpi.Calendar):
        return obj
    getter = getattr(obj, 'get_calendar', None)
    if getter is not None:
        try:
            return getter()
        except TypeError:
            return None
    return None


def _date_midnight(day, calendar):
    """Microseconds at midnight of @day in @calendar's time zone (UTC
    without a calendar); GLib resolves the zone, days of 23 or 25 hours
    included."""
    zone = calendar.get_time_zone() if calendar is not None else None
    if zone is None:
        zone = GLib.TimeZone.new_utc()
    moment = GLib.DateTime.new(zone, day.year, day.month, day.day, 0, 0, 0)
    return moment.to_unix() * 1000000


def to_instant(value, calendar=None):
    """Converts @value to microseconds since the Unix epoch (UTC), the way
    libkpi takes instants.

    An aware ``datetime.datetime`` is converted exactly; a naive one is a
    ``ValueError`` (which time zone it means decides which period it falls
    in: give it a ``tzinfo`` or call ``astimezone()``). A ``datetime.date``
    is midnight in @calendar's time zone (a ``Kpi.Calendar``), or UTC
    without one. An ``int`` is taken as microseconds already.
    """
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                'naive datetime %s: an instant needs a time zone, since the '
                'period it falls in depends on it (give it a tzinfo, or call '
                '.astimezone())' % value.isoformat())
        return (value - _EPOCH) // _MICROSECOND
    if isinstance(value, datetime.date):
        return _date_midnight(value, calendar)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError('expected a datetime.datetime, a datetime.date or '
                    'microseconds since the epoch (int) for an instant, '
                    'got %s' % type(value).__name__)


def to_datetime(instant):
    """Converts microseconds since the Unix epoch to an aware UTC
    ``datetime.datetime`` (``None`` for 0, ``KPI_TIME_UNSET``)."""
    if instant == 0:
        return None
    return _EPOCH + datetime.timedelta(microseconds=instant)


__all__ += ['to_instant', 'to_datetime']


def _visible_arguments(function):
    """The names of the arguments Python passes, in order (PyGObject hides
    array lengths, out-arguments and the GError)."""
    arguments = function.get_arguments()
    hidden = set()
    for argument in arguments:
        length = argument.get_type().get_array_length()
        if length >= 0:
            hidden.add(length)
    return [a.get_name() for i, a in enumerate(arguments)
            if i not in hidden and a.get_direction() != _GI_DIRECTION_OUT]


def _wrap_instants(function, is_method):
    names = _visible_arguments(function)
    positions = [(i, n) for i, n in enumerate(names) if n in _INSTANT_ARGUMENTS]
    if not positions:
        return None

    def convert(self, args, kwargs):
        calendar = _calendar_of(self) if self is not None else None
        args = list(args)
        for i, name in positions:
            if i < len(args):
                args[i] = _convert(name, args[i], calendar)
            elif name in kwargs:
                kwargs[name] = _convert(name, kwargs[name], calendar)
        return args, kwargs

    if is_method:
        def wrapper(self, *args, **kwargs):
            args, kwargs = convert(self, args, kwargs)
            return function(self, *args, **kwargs)
    else:
        def wrapper(*args, **kwargs):
            args, kwargs = convert(None, args, kwargs)
            return function(*args, **kwargs)
        wrapper = staticmethod(wrapper)
    target = wrapper.__func__ if isinstance(wrapper, staticmethod) else wrapper
    target.__name__ = function.get_name()
    target.__doc__ = ('%s\n\nInstants (%s) may be aware datetimes or dates '
                      '(see Kpi.to_instant).' % (function.__doc__,
                                                 ', '.join(n for _, n in positions)))
    return wrapper


def _convert(name, value, calendar):
    if name == 'times':
        return [to_instant(v, calendar) for v in value]
    return to_instant(value, calendar)


def _datetime_getter(getter, has_arguments):
    if has_arguments:
        def method(self, *args):
            return to_datetime(getter(self, *args))
        method.__doc__ = ('Like %s(), as an aware UTC datetime.datetime '
                          '(None when unset).' % getter.get_name())
        return method

    def fget(self):
        return to_datetime(getter(self))
    return property(fget, doc='%s() as an aware UTC datetime.datetime (None when '
                    'unset).' % getter.get_name())


def _text_only(function):
    """Exports give (text, length): the length is Python's len()."""
    @functools.wraps(function)
    def wrapper(self, *args, **kwargs):
        return function(self, *args, **kwargs)[0]
    wrapper.__doc__ = '%s(...) -> str' % function.get_name()
    return wrapper


# ---------------------------------------------------------------------------
# Flags: readable sets

def _flags_nicks(flags_class, info):
    singles = []
    for value in info.get_values():
        bit = value.get_value()
        if bit != 0 and bit & (bit - 1) == 0:
            singles.append((bit, value.get_name().replace('_', '-')))
    singles.sort()

    def names(self):
        """The nicks of the flags set, lowest bit first (no "none")."""
        return tuple(nick for bit, nick in singles if int(self) & bit)

    def iterate(self):
        return iter(flags_class(bit) for bit, _ in singles if int(self) & bit)

    def to_str(self):
        return '|'.join(names(self))

    def to_repr(self):
        return '<Kpi.%s %s>' % (flags_class.__name__, to_str(self) or '0')

    flags_class.names = property(names, doc=names.__doc__)
    flags_class.__iter__ = iterate
    flags_class.__str__ = to_str
    flags_class.__repr__ = to_repr


# ---------------------------------------------------------------------------
# Periods and values

class Period(Kpi.Period):
    """A half-open interval of time with a granularity and a label.

    Periods compare by value: ``==`` and ``hash()`` (kpi_period_equal,
    kpi_period_hash), ``<`` by start then granularity (kpi_period_compare),
    so they key dicts and sort; ``str()`` is the label. ``instant in
    period`` tests an instant (datetime, date or microseconds).
    """

    def __eq__(self, other):
        if not isinstance(other, Kpi.Period):
            return NotImplemented
        return Kpi.Period.equal(self, other)

    def __ne__(self, other):
        if not isinstance(other, Kpi.Period):
            return NotImplemented
        return not Kpi.Period.equal(self, other)

    def __hash__(self):
        return Kpi.Period.hash(self)

    def __lt__(self, other):
        if not isinstance(other, Kpi.Period):
            return NotImplemented
        return Kpi.Period.compare(self, other) < 0

    def __le__(self, other):
        if not isinstance(other, Kpi.Period):
            return NotImplemented
        return Kpi.Period.compare(self, other) <= 0

    def __gt__(self, other):
        if not isinstance(other, Kpi.Period):
            return NotImplemented
        return Kpi.Period.compare(self, other) > 0

    def __ge__(self, other):
        if not isinstance(other, Kpi.Period):
            return NotImplemented
        return Kpi.Period.compare(self, other) >= 0

    def __str__(self):
        return self.get_label()

    def __repr__(self):
        return '<Kpi.Period %s>' % self.get_label()

    def __contains__(self, instant):
        return Kpi.Period.contains(self, to_instant(instant))

    @property
    def label(self):
        """The label: ``2025-09``, ``2025-W07``, ``2025-Q1``…"""
        return self.get_label()

    @property
    def granularity(self):
        """The granularity (a Kpi.Granularity)."""
        return self.get_granularity()


class Value(Kpi.Value):
    """One computed number of an indicator.

    ``float(value)`` is the number, NaN when the value is missing (a
    division by zero, no data): test ``value.number is None`` or
    ``math.isnan()`` before showing it. A value has no truth value of its
    own (a 0 is not "false"): compare ``value.number``.
    """

    def __float__(self):
        return self.get_value()

    @property
    def number(self):
        """The number, or None when the value is missing."""
        return None if self.is_missing() else self.get_value()

    @property
    def period(self):
        """The period the value is for (a Kpi.Period, or None)."""
        return self.get_period()

    @property
    def flags(self):
        """Why the number is what it is (Kpi.ValueFlags)."""
        return self.get_flags()

    def __repr__(self):
        period = self.get_period()
        number = 'missing' if self.is_missing() else repr(self.get_value())
        flags = str(self.get_flags())
        return '<Kpi.Value %s%s%s>' % ('%s ' % period.get_label() if period is not None else '',
                                       number, ' [%s]' % flags if flags else '')


# ---------------------------------------------------------------------------
# Keyword defaults

class Trend(Kpi.Trend):
    @staticmethod
    def analyze(values, significance=Kpi.DEFAULT_TREND_SIGNIFICANCE,
                stagnation_tolerance=Kpi.DEFAULT_TREND_STAGNATION_TOLERANCE):
        """Analyses the trend of a series, oldest first.

        @values: numbers (None or NaN for a missing one), a NumPy array, or
        Kpi.Value objects (such as Indicator.evaluate_series gives).
        Raises GLib.Error for a significance not strictly between 0 and 1
        or a negative tolerance.
        """
        values = list(values)
        if values and all(isinstance(v, Kpi.Value) for v in values):
            return Kpi.Trend.analyze_values(values, significance, stagnation_tolerance)
        numbers = [math.nan if v is None else float(v) for v in values]
        return Kpi.Trend.analyze(numbers, significance, stagnation_tolerance)


class Indicator(Kpi.Indicator):
    def evaluate_breakdown(self, context, period, dimension, top_n=0):
        """Evaluates the indicator for each value of @dimension in @period.

        @top_n: keep the @top_n largest groups and gather the rest in one
        "other" group; 0 (the default) keeps them all.
        Returns (values, total): a list of Kpi.Value and the total (the
        formula over all the rows, never the sum of the groups).
        """
        return Kpi.Indicator.evaluate_breakdown(self, context, period, dimension, top_n)


def _load_options(kwargs, calendar=None):
    """A Kpi.LoadOptions from keyword arguments: each a setter's name
    (time_column="day", delimiter=";", format=Kpi.DataFormat.CSV,
    time_zone=GLib.TimeZone, source_name=..., data_as_of=datetime,
    coverage=(start, end), column_kinds={"zip": Kpi.ColumnKind.DIMENSION})."""
    options = Kpi.LoadOptions.new()
    for key, value in kwargs.items():
        if key == 'coverage':
            start, end = value
            options.set_coverage(to_instant(start, calendar), to_instant(end, calendar))
        elif key == 'column_kinds':
            for column, kind in value.items():
                options.set_column_kind(column, kind)
        elif key == 'data_as_of':
            options.set_data_as_of(to_instant(value, calendar))
        elif key == 'time_zone' and isinstance(value, str):
            options.set_time_zone(GLib.TimeZone.new_identifier(value))
        else:
            setter = getattr(options, 'set_' + key, None)
            if setter is None:
                raise TypeError('unknown load option “%s”' % key)
            setter(value)
    return options


def _with_load_options(name):
    base = getattr(Kpi.Dataset, name)

    def method(self, source, options=None, *args, **kwargs):
        known = {k: kwargs.pop(k) for k in list(kwargs) if k not in ('cancellable',)}
        if known:
            if options is not None:
                raise TypeError('give either options or load options as keyword '
                                'arguments, not both')
            options = _load_options(known, _calendar_of(self))
        return base(self, source, options, *args, **kwargs)
    method.__name__ = name
    method.__doc__ = ('%s\n\nLoad options may be given as keyword arguments '
                      '(time_column="day", delimiter=";", coverage=(start, end), '
                      'column_kinds={...}, ...) instead of a Kpi.LoadOptions.'
                      % base.__doc__)
    return method


# ---------------------------------------------------------------------------
# Datasets: NumPy and pandas

class _ColumnMemory:
    """Exposes a GBytes' memory to NumPy (__array_interface__) and keeps the
    GBytes, hence the memory, alive as long as an array views it."""

    _glib = None

    def __init__(self, data, typestr):
        glib = _ColumnMemory._load_glib()
        pointer = ctypes.c_void_p.from_address(id(data) + object.__basicsize__).value
        # the PyGBoxed layout (PyObject_HEAD, then the pointer), checked
        # against the boxed's hash, which is its pointer
        if pointer is None or (hash(data) & ((1 << 64) - 1)) != pointer:
            raise RuntimeError('cannot find the memory of a GLib.Bytes')
        size = ctypes.c_size_t()
        address = glib.g_bytes_get_data(pointer, ctypes.byref(size))
        itemsize = int(typestr[2:])
        self.bytes = data
        self.__array_interface__ = {
            'version': 3,
            'shape': (size.value // itemsize,),
            'typestr': typestr,
            'data': (address or 0, True),
        }

    @classmethod
    def _load_glib(cls):
        if cls._glib is None:
            glib = ctypes.CDLL('libglib-2.0.so.0')
            glib.g_bytes_get_data.restype = ctypes.c_void_p
            glib.g_bytes_get_data.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_size_t)]
            cls._glib = glib
        return cls._glib


def _require(module):
    try:
        return __import__(module)
    except ImportError as e:
        raise ImportError('this needs %s, which is not installed (%s)' % (module, e))


class Dataset(Kpi.Dataset):
    def column(self, name):
        """A read-only NumPy array of column @name, sharing the dataset's
        memory (no copy): float64 for a measure (NaN for a missing value),
        datetime64[us] (UTC) for the time column, uint32 codes for a
        dimension (see dimension_categories). The array keeps the memory
        alive; rows appended later are not in it. Raises KeyError for an
        unknown column, ImportError without NumPy."""
        numpy = _require('numpy')
        data = self.dup_column_bytes(name)
        if data is None:
            raise KeyError('no column “%s” in the dataset' % name)
        kind = self.lookup_column(name)[2]
        little = '<' if __import__('sys').byteorder == 'little' else '>'
        typestr = {Kpi.ColumnKind.TIME: 'i8', Kpi.ColumnKind.MEASURE: 'f8',
                   Kpi.ColumnKind.DIMENSION: 'u4'}[kind]
        array = numpy.asarray(_ColumnMemory(data, little + typestr))
        if kind == Kpi.ColumnKind.TIME:
            array = array.view('datetime64[us]')
        return array

    def to_pandas(self):
        """A pandas DataFrame of the dataset: the time column as UTC
        timestamps, dimensions as categoricals (missing: NaN), measures as
        float64 (missing: NaN). pandas copies the columns."""
        pandas = _require('pandas')
        numpy = _require('numpy')
        n_columns = self.get_n_columns()
        data = {}
        for i in range(n_columns):
            name = self.get_column_name(i)
            kind = self.get_column_kind(i)
            array = self.column(name)
            if kind == Kpi.ColumnKind.TIME:
                data[name] = pandas.to_datetime(array.astype('int64'), unit='us', utc=True)
            elif kind == Kpi.ColumnKind.DIMENSION:
                codes = array.astype('int64')
                codes[array == Kpi.DIMENSION_MISSING] = -1
                categories = list(self.dup_dimension_dictionary(name) or [])
                data[name] = pandas.Categorical.from_codes(codes, categories=categories)
            else:
                data[name] = numpy.array(array, dtype='float64')
        return pandas.DataFrame(data, columns=[self.get_column_name(i) for i in range(n_columns)])

    @classmethod
    def from_pandas(cls, frame, time_column='date'):
        """A new dataset from a pandas DataFrame: @time_column (datetimes:
        naive ones are taken as UTC, as pandas does; or microseconds) is
        the time column; numeric columns become measures (NaN: missing),
        the others dimensions (None/NaN: missing)."""
        pandas = _require('pandas')
        numpy = _require('numpy')
        if time_column not in frame.columns:
            raise KeyError('no column “%s” in the DataFrame' % time_column)
        times = frame[time_column]
        if pandas.api.types.is_datetime64_any_dtype(times):
            if getattr(times.dt, 'tz', None) is None:
                times = times.dt.tz_localize('UTC')
            micros = (times.dt.tz_convert('UTC') - pandas.Timestamp(0, tz='UTC')) // pandas.Timedelta(microseconds=1)
            micros = micros.to_numpy(dtype='int64')
        elif pandas.api.types.is_integer_dtype(times):
            micros = times.to_numpy(dtype='int64')
        else:
            raise TypeError('time column “%s”: expected datetimes or microseconds, '
                            'got %s' % (time_column, times.dtype))
        dataset = Kpi.Dataset.new(time_column)
        dimensions, measures = [], []
        for name in frame.columns:
            if name == time_column:
                continue
            series = frame[name]
            if pandas.api.types.is_numeric_dtype(series) and not pandas.api.types.is_bool_dtype(series):
                dataset.add_column(str(name), Kpi.ColumnKind.MEASURE)
                measures.append(series.to_numpy(dtype='float64'))
            else:
                dataset.add_column(str(name), Kpi.ColumnKind.DIMENSION)
                dimensions.append([None if v is None or (isinstance(v, float) and math.isnan(v))
                                   else str(v) for v in series.astype(object)])
        n = len(frame)
        dims = [d[r] for r in range(n) for d in dimensions]
        meas = (numpy.column_stack(measures).ravel().tolist() if measures else [])
        if n > 0:
            dataset.append_rows(micros.tolist(), dims, meas)
        return dataset


# ---------------------------------------------------------------------------
# Every type: instants, exports, flags

def _install():
    overridden = {
        'Period': Period, 'Value': Value, 'Trend': Trend,
        'Indicator': Indicator, 'Dataset': Dataset,
    }
    for name in ('load_path', 'load_file', 'load_data', 'load_stream',
                 'load_file_async', 'load_stream_async'):
        setattr(Dataset, name, _with_load_options(name))

    repository = Repository.get_default()
    for info in repository.get_infos('Kpi'):
        if isinstance(info, EnumInfo):
            if info.is_flags():
                _flags_nicks(getattr(Kpi, info.get_name()), info)
            continue
        if not isinstance(info, (ObjectInfo, StructInfo, InterfaceInfo)):
            continue
        name = info.get_name()
        base = getattr(Kpi, name, None)
        if base is None or isinstance(info, InterfaceInfo):
            continue
        attributes = {}
        for function in info.get_methods():
            fname = function.get_name()
            existing = overridden.get(name)
            if existing is not None and fname in existing.__dict__:
                continue
            bound = getattr(base, fname, None)
            if bound is None:
                continue
            wrapped = _wrap_instants(bound, function.is_method())
            if wrapped is not None:
                attributes[fname] = wrapped
            outs = [a.get_name() for a in function.get_arguments()
                    if a.get_direction() == _GI_DIRECTION_OUT]
            if (outs == ['length'] and function.get_return_type().get_tag_as_string() == 'utf8'
                    and function.is_method()):
                attributes[fname] = _text_only(bound)
            if (fname in _INSTANT_GETTERS and function.is_method()
                    and function.get_return_type().get_tag_as_string() == 'gint64'):
                has_arguments = len(_visible_arguments(function)) > 0
                helper = fname[4:] + '_datetime'
                if has_arguments:
                    helper = 'get_' + helper
                attributes[helper] = _datetime_getter(bound, has_arguments)
        if not attributes and name not in overridden:
            continue
        cls = overridden.get(name)
        if cls is None:
            cls = type(name, (base,), {'__module__': __name__, '__doc__': base.__doc__})
        for key, value in attributes.items():
            setattr(cls, key, value)
        globals()[name] = override(cls)
        __all__.append(name)


_install()
