// The officials' desk: behaviour added to every admin page (loaded deferred, after the forms'
// own scripts and before their "load" handlers run).
"use strict";

// Every time in the admin is India's, and the page says so once in its top bar; Django's note
// beside each date field ("You are 5.5 hours behind server time") would repeat it on every
// field. The "Now" and "Today" shortcuts still give India's time (DateTimeShortcuts.now).
if (window.DateTimeShortcuts) {
  window.DateTimeShortcuts.addTimezoneWarning = function () {};
}
