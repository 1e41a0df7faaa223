/* The exam page: countdown from the server's clock, autosave of every answer, hand-in.
 *
 * Progressive: without this script the page is a plain form that saves and hands in on submit.
 * The server owns time and answers; this script only shows them and sends changes:
 * - the countdown starts from the server's seconds_left and measures elapsed time with
 *   performance.now() (monotonic); it is re-synced on every save, every minute and whenever the
 *   tab becomes visible again, so a sleeping laptop or a throttled tab cannot drift;
 * - each change is PUT at once with the revision last seen for that question; a 409 "stale"
 *   means another tab saved something newer, which is then shown here;
 * - failed saves are retried with backoff and the page says so until they succeed.
 * No answer key ever reaches the page, so there is nothing here to grade.
 */
(function () {
  "use strict";

  var form = document.getElementById("exam-form");
  if (!form || !window.fetch || !window.performance) {
    return;
  }
  var text = document.getElementById("exam-strings").dataset;
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute("content");
  var timerEl = document.getElementById("exam-timer");
  var stateEl = document.getElementById("exam-save-state");
  var warningEl = document.getElementById("exam-warning");
  var urls = {
    attempt: form.dataset.attemptUrl,
    answer: form.dataset.answerUrl,
    submit: form.dataset.submitUrl,
    result: form.dataset.resultUrl
  };

  // --- time -------------------------------------------------------------------------------
  var clock = { left: Number(timerEl.dataset.secondsLeft), at: performance.now() };
  var warned = { five: false, one: false };
  var finishing = false;

  function secondsLeft() {
    return Math.max(0, clock.left - (performance.now() - clock.at) / 1000);
  }

  function syncTime(serverSecondsLeft) {
    if (typeof serverSecondsLeft === "number") {
      clock = { left: serverSecondsLeft, at: performance.now() };
    }
  }

  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }

  function showWarning(message) {
    warningEl.textContent = message;
    warningEl.hidden = false;
  }

  function tick() {
    var left = Math.ceil(secondsLeft());
    var hours = Math.floor(left / 3600);
    var minutes = Math.floor((left % 3600) / 60);
    timerEl.textContent = (hours ? hours + ":" + pad(minutes) : String(minutes)) + ":" + pad(left % 60);
    timerEl.classList.toggle("exam-timer-low", left <= 300);
    if (left <= 60 && !warned.one) {
      warned.one = warned.five = true;
      showWarning(text.warn1);
    } else if (left <= 300 && !warned.five) {
      warned.five = true;
      showWarning(text.warn5);
    }
    if (left <= 0 && !finishing) {
      showWarning(text.timeup);
      finish(false);
    }
  }

  function refreshFromServer() {
    return fetch(urls.attempt, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok || !isJson(response)) {
          return;
        }
        return response.json().then(function (paper) {
          if (paper.state !== "open") {
            window.location.assign(urls.result);
            return;
          }
          syncTime(paper.seconds_left);
          paper.items.forEach(function (item) {
            var q = questions[item.position];
            // Only adopt the server's answer where nothing of ours is waiting to be sent.
            if (q && !q.inflight && q.pending === null && item.revision > q.revision) {
              applyServerAnswer(q, item.chosen, item.revision);
            }
          });
        });
      })
      .catch(function () { /* the next tick or save will try again */ });
  }

  // --- answers ----------------------------------------------------------------------------
  var questions = {};

  Array.prototype.forEach.call(form.querySelectorAll("fieldset.question"), function (fieldset) {
    var position = Number(fieldset.dataset.position);
    questions[position] = {
      position: position,
      fieldset: fieldset,
      revision: Number(fieldset.dataset.revision),
      revInput: form.querySelector('input[name="rev' + position + '"]'),
      stateEl: fieldset.querySelector(".qstate"),
      pending: null,
      inflight: false,
      failures: 0,
      timer: null
    };
  });

  function chosenOf(q) {
    var picked = [];
    Array.prototype.forEach.call(q.fieldset.querySelectorAll("input[name=q" + q.position + "]"), function (input) {
      if (input.checked) {
        picked.push(input.value);
      }
    });
    return picked;
  }

  function applyServerAnswer(q, chosen, revision) {
    Array.prototype.forEach.call(q.fieldset.querySelectorAll("input[name=q" + q.position + "]"), function (input) {
      input.checked = chosen.indexOf(input.value) !== -1;
    });
    setRevision(q, revision);
  }

  function setRevision(q, revision) {
    q.revision = revision;
    q.revInput.value = String(revision);
  }

  function setQuestionState(q, state, message) {
    q.stateEl.dataset.state = state;
    q.stateEl.textContent = message;
    updateGlobalState();
  }

  function updateGlobalState() {
    var state = "saved";
    Object.keys(questions).forEach(function (key) {
      var s = questions[key].stateEl.dataset.state;
      if (s === "retrying") {
        state = "retrying";
      } else if (s === "saving" && state !== "retrying") {
        state = "saving";
      }
    });
    stateEl.dataset.state = state;
    stateEl.textContent = text[state];
  }

  function isJson(response) {
    return (response.headers.get("Content-Type") || "").indexOf("application/json") !== -1;
  }

  function send(q) {
    if (q.inflight || q.pending === null) {
      return;
    }
    var chosen = q.pending;
    q.pending = null;
    q.inflight = true;
    setQuestionState(q, "saving", text.saving);
    fetch(urls.answer + q.position, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ chosen: chosen, revision: q.revision })
    })
      .then(function (response) {
        if (!isJson(response)) {
          // A login page instead of JSON: the session ended. Keep the answer and keep trying.
          throw new Error(response.redirected ? "login" : "http " + response.status);
        }
        return response.json().then(function (body) {
          q.inflight = false;
          if (response.ok) {
            q.failures = 0;
            setRevision(q, body.revision);
            syncTime(body.seconds_left);
            setQuestionState(q, "saved", text.saved);
            if (warningEl.textContent === text.offline || warningEl.textContent === text.login) {
              warningEl.hidden = true;
            }
          } else if (response.status === 401) {
            throw new Error("login"); // the session ended: keep the answer, retry after login
          } else if (response.status === 409 && body.reason === "stale") {
            q.pending = null;
            applyServerAnswer(q, body.chosen || [], body.revision);
            setQuestionState(q, "saved", text.stale);
          } else if (response.status === 409 || response.status === 404) {
            window.location.assign(body.result_url || urls.result);
            return;
          } else if (response.status >= 500) {
            throw new Error("http " + response.status);
          } else {
            setQuestionState(q, "retrying", body.message || text.retrying);
            return;
          }
          send(q); // a change made while this save was in flight
        });
      })
      .catch(function (error) {
        q.inflight = false;
        if (q.pending === null) {
          q.pending = chosen;
        }
        q.failures += 1;
        setQuestionState(q, "retrying", text.retrying);
        showWarning(error && error.message === "login" ? text.login : text.offline);
        var delay = Math.min(30000, 1000 * Math.pow(2, q.failures - 1));
        clearTimeout(q.timer);
        q.timer = setTimeout(function () { send(q); }, delay);
      });
  }

  form.addEventListener("change", function (event) {
    var match = /^q(\d+)$/.exec(event.target.name || "");
    if (!match || finishing) {
      return;
    }
    var q = questions[Number(match[1])];
    q.pending = chosenOf(q);
    clearTimeout(q.timer);
    send(q);
  });

  // --- hand in ----------------------------------------------------------------------------
  function allSettled() {
    return Object.keys(questions).every(function (key) {
      var q = questions[key];
      return !q.inflight && q.pending === null;
    });
  }

  function flush(maxMs) {
    var started = performance.now();
    return new Promise(function (resolve) {
      (function wait() {
        Object.keys(questions).forEach(function (key) { send(questions[key]); });
        if (allSettled() || performance.now() - started > maxMs) {
          resolve();
        } else {
          setTimeout(wait, 200);
        }
      })();
    });
  }

  function finish(confirmed) {
    finishing = true;
    // At zero the server still accepts answers for the grace period, so flush them first.
    return flush(confirmed ? 8000 : 10000).then(function () {
      return fetch(urls.submit, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
        body: "{}"
      });
    }).then(function (response) {
      if (response.ok || response.status === 409 || response.status === 404) {
        window.location.assign(urls.result);
      } else {
        throw new Error("http " + response.status);
      }
    }).catch(function () {
      // The plain form carries every answer and revision: the server saves and hands in.
      form.submit();
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (finishing) {
      return;
    }
    var unanswered = Object.keys(questions).filter(function (key) {
      return chosenOf(questions[key]).length === 0;
    }).length;
    var message = text.confirm + (unanswered ? "\n" + text.unanswered.replace("{n}", unanswered) : "");
    if (window.confirm(message)) {
      finish(true);
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      refreshFromServer();
    }
  });
  window.addEventListener("online", function () {
    Object.keys(questions).forEach(function (key) { send(questions[key]); });
  });
  window.addEventListener("beforeunload", function (event) {
    if (!finishing && !allSettled()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  updateGlobalState();
  tick();
  setInterval(tick, 250);
  setInterval(refreshFromServer, 60000);
})();
