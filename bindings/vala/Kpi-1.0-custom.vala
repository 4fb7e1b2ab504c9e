/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Merged into libkpi-1.0.vapi by vapigen (see Kpi-1.0.metadata): the
 * factories that return another type than the class they belong to. */

namespace Kpi {
	public sealed class CheckSuite : GLib.Object {
		[CCode (cname = "kpi_check_suite_new_check")]
		[Version (since = "0.1")]
		public static Kpi.Check new_check (string type) throws GLib.Error;
	}
	public abstract class Watch : GLib.Object {
		[CCode (cname = "kpi_watch_new_for_type")]
		[Version (since = "0.1")]
		public static Kpi.Watch new_for_type (string type, string id) throws GLib.Error;
	}
}
