// A background job's page (templates/jobs/job.html): asks the job's status every few seconds and
// moves the progress bar; once the job has finished, reloads the page to show the download or the
// error. Without JavaScript the page has a plain "muat ulang" link.
(function () {
  var box = document.querySelector("[data-job-status-url]");
  if (!box || box.dataset.jobFinished === "1") {
    return;
  }
  var url = box.dataset.jobStatusUrl;
  var bar = box.querySelector("[data-job-progress]");
  var rows = box.querySelector("[data-job-rows]");
  var label = box.querySelector("[data-job-status-label]");
  var every = 2000;

  function show(state) {
    if (state.finished) {
      window.location.reload();
      return;
    }
    if (label) {
      label.textContent = state.status_label;
    }
    if (bar && state.total) {
      bar.max = state.total;
      bar.value = Math.min(state.done, state.total);
    }
    if (rows) {
      rows.textContent = state.progress;  // the server's words ("1.000 dari 5.000 baris ditulis")
    }
    window.setTimeout(poll, every);
  }

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(show)
      .catch(function () {
        every = Math.min(every * 2, 30000);  // server busy or restarting: ask less often
        window.setTimeout(poll, every);
      });
  }

  window.setTimeout(poll, every);
})();
