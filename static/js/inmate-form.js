// Hide the NIK box while "no NIK yet" is chosen, so the form says what it needs.
(function () {
  const radios = document.querySelectorAll('input[name="has_nik"]');
  const nik = document.getElementById("div_id_nik");
  if (!radios.length || !nik) return;
  function sync() {
    const chosen = document.querySelector('input[name="has_nik"]:checked');
    nik.style.display = chosen && chosen.value === "0" ? "none" : "";
  }
  radios.forEach(function (radio) { radio.addEventListener("change", sync); });
  sync();
})();
