// Starts GraphiQL on the #graphiql element: queries go to this page's URL with the CSRF token Django set,
// and the editor's text is kept in the URL's fragment so a query can be shared as a link.
(function () {
  "use strict";
  var root = document.getElementById("graphiql");
  var params = new URLSearchParams(window.location.hash.slice(1));

  function csrfToken() {
    var cookie = document.cookie.split("; ").find(function (part) { return part.indexOf("csrftoken=") === 0; });
    if (cookie) return cookie.slice("csrftoken=".length);
    var field = document.querySelector("[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function remember(name) {
    return function (value) {
      if (value) params.set(name, value); else params.delete(name);
      window.history.replaceState(null, "", "#" + params.toString());
    };
  }

  var fetcher = window.GraphiQL.createFetcher({
    url: root.dataset.url,
    headers: { "X-CSRFToken": csrfToken() },
  });
  window.ReactDOM.render(
    window.React.createElement(window.GraphiQL, {
      fetcher: fetcher,
      query: params.get("query") || undefined,
      variables: params.get("variables") || undefined,
      operationName: params.get("operationName") || undefined,
      onEditQuery: remember("query"),
      onEditVariables: remember("variables"),
      onEditOperationName: remember("operationName"),
      isHeadersEditorEnabled: root.dataset.headerEditor === "true",
      shouldPersistHeaders: root.dataset.persistHeaders === "true",
      defaultEditorToolsVisibility: true,
    }),
    root
  );
})();
