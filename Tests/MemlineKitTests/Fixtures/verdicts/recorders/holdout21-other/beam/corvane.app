{application, corvane,
 [{description, "corvane: coastal radar track gateway"},
  {vsn, "4.2.0"},
  {modules, [corvane_app, corvane_sup, track_assembler, radar_feed, uplink_guard, alarm_relay, cv_probe, corvane_boot]},
  {registered, [corvane_sup, track_assembler, radar_feed, uplink_guard, alarm_relay]},
  {applications, [kernel, stdlib]},
  {mod, {corvane_app, []}},
  {env, []}]}.
