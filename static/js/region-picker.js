// Cascading region picker: choosing a level loads the next one; the desa fills the hidden input.
(function () {
  function setup(picker) {
    const hidden = picker.querySelector('input[type="hidden"]');
    const selects = Array.from(picker.querySelectorAll("select.region-level"));
    const url = picker.dataset.childrenUrl;
    const emptyLabel = selects[0].options[0].textContent;

    function reset(select) {
      select.innerHTML = "";
      const option = document.createElement("option");
      option.value = "";
      option.textContent = emptyLabel;
      select.appendChild(option);
      select.disabled = true;
    }

    selects.forEach(function (select, index) {
      select.addEventListener("change", function () {
        for (let i = index + 1; i < selects.length; i++) reset(selects[i]);
        hidden.value = index === selects.length - 1 ? select.value : "";
        const next = selects[index + 1];
        if (!next || !select.value) return;
        next.setAttribute("aria-busy", "true");
        fetch(url + "?parent=" + encodeURIComponent(select.value), { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            data.results.forEach(function (region) {
              const option = document.createElement("option");
              option.value = region.code;
              option.textContent = region.name;
              next.appendChild(option);
            });
            next.disabled = false;
            next.removeAttribute("aria-busy");
          });
      });
    });
  }
  document.querySelectorAll(".region-picker").forEach(setup);
})();
