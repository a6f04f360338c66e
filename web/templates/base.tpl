<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}{{' – ' + site_title if title != site_title else ''}}</title>
<link rel="stylesheet" href="{{static('site.css')}}">
<link rel="icon" type="image/svg+xml" href="{{static('favicon.svg')}}">
<link rel="search" type="application/opensearchdescription+xml" href="{{href('/opensearch.xml')}}" title="{{site_title}}">
% if get('feed_href'):
<link rel="alternate" type="application/atom+xml" href="{{feed_href}}" title="{{t('feed_link')}}">
% end
% if get('canonical'):
<link rel="canonical" href="{{canonical}}">
% end
<script src="{{static('site.js')}}" defer></script>
</head>
<body>
<a class="skip" href="#main">{{t('skip')}}</a>
<header class="site">
  <div class="bar">
    <p class="brand"><a href="{{href('/')}}">{{site_title}}</a></p>
    <nav class="nav" aria-label="{{t('nav')}}">
      <ul>
        <li><a href="{{href('/search')}}"{{!' aria-current="page"' if path in ('/', '/search') else ''}}>{{t('nav_search')}}</a></li>
        <li><a href="{{href('/bodies')}}"{{!' aria-current="page"' if path == '/bodies' else ''}}>{{t('nav_bodies')}}</a></li>
        <li><a href="{{href('/stats')}}"{{!' aria-current="page"' if path == '/stats' else ''}}>{{t('nav_stats')}}</a></li>
      </ul>
    </nav>
    <nav class="langs" aria-label="{{t('language')}}">
      <ul>
% for link in lang_links:
        <li><a href="{{link['href']}}" lang="{{link['lang']}}" hreflang="{{link['lang']}}"{{!' aria-current="true"' if link['current'] else ''}}>{{link['name']}}</a></li>
% end
      </ul>
    </nav>
  </div>
</header>
<main id="main" tabindex="-1">
{{!base}}
</main>
<footer class="site">
  <p>{{t('footer')}} <a href="{{href('/api/openapi.json')}}">{{t('nav_api')}}</a></p>
</footer>
</body>
</html>
