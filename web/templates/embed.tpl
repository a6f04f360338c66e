<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{title}}</title>
<link rel="icon" type="image/svg+xml" href="{{favicon}}">
<script src="{{widget_src}}" data-target="#search" async></script>
</head>
<body>
<main id="search" data-frame="true"
% for name, value in attributes.items():
      {{name}}="{{value}}"
% end
>
<noscript><p><a href="{{search_href}}" target="_top">{{title}}</a></p></noscript>
</main>
</body>
</html>
