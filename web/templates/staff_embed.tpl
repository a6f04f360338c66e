% rebase('staff_base.tpl', title=t('embed_title'))
<%
c = data['chosen']
problems = data['problems']
%>
<h1>{{t('embed_title')}}</h1>
<p>{{t('embed_intro')}}</p>
<form class="staff-form embed-form" method="get" action="{{href('/staff/embed')}}">
  <fieldset>
    <legend>{{t('embed_options')}}</legend>
    <div class="field"><label for="e-issuer">{{t('embed_issuer')}}</label>
      <select id="e-issuer" name="issuer">
% for body in data['bodies']:
        <option value="{{body['name']}}" lang="zh"{{!' selected' if body['name'] == c['issuer'] else ''}}>{{'　' * body['depth']}}{{term(body['name'])}}</option>
% end
      </select></div>
    <div class="field{{' has-problem' if 'year' in problems else ''}}"><label for="e-year">{{t('embed_year')}}</label>
% if 'year' in problems:
      <p class="problem" id="e-year-problem">{{problems['year']}}</p>
% end
      <input id="e-year" name="year" value="{{c['year']}}" autocomplete="off" aria-describedby="{{'e-year-problem ' if 'year' in problems else ''}}e-year-hint"{{!' aria-invalid="true"' if 'year' in problems else ''}}>
      <p class="hint" id="e-year-hint">{{t('embed_year_hint')}}</p></div>
    <div class="field"><label for="e-lang">{{t('embed_lang')}}</label>
      <select id="e-lang" name="lang">
        <option value="">{{t('embed_lang_auto')}}</option>
% for code in data['langs']:
        <option value="{{code}}"{{!' selected' if code == c['lang'] else ''}}>{{code}}</option>
% end
      </select></div>
    <div class="field"><label for="e-facets">{{t('embed_facets')}}</label>
      <select id="e-facets" name="facets">
% for value in data['facet_choices']:
        <option value="{{value}}"{{!' selected' if value == c['facets'] else ''}}>{{t('embed_facets_' + value)}}</option>
% end
      </select></div>
    <div class="field{{' has-problem' if 'per_page' in problems else ''}}"><label for="e-per-page">{{t('embed_per_page')}}</label>
% if 'per_page' in problems:
      <p class="problem" id="e-per-page-problem">{{problems['per_page']}}</p>
% end
      <input id="e-per-page" name="per_page" type="number" min="{{data['per_page']['min']}}" max="{{data['per_page']['max']}}" value="{{c['per_page']}}"{{!' aria-invalid="true" aria-describedby="e-per-page-problem"' if 'per_page' in problems else ''}}></div>
    <div class="field"><label for="e-open">{{t('embed_open')}}</label>
      <select id="e-open" name="open">
% for value in data['open_choices']:
        <option value="{{value}}"{{!' selected' if value == c['open'] else ''}}>{{t('embed_open_' + value.replace('-', '_'))}}</option>
% end
      </select></div>
    <div class="field"><label for="e-placeholder">{{t('embed_placeholder')}}</label>
      <input id="e-placeholder" name="placeholder" value="{{c['placeholder']}}" maxlength="100" autocomplete="off"></div>
    <div class="field"><label for="e-shortcut">{{t('embed_shortcut')}}</label>
      <input id="e-shortcut" name="shortcut" value="{{c['shortcut']}}" maxlength="20" autocomplete="off" aria-describedby="e-shortcut-hint">
      <p class="hint" id="e-shortcut-hint">{{t('embed_shortcut_hint')}}</p></div>
    <p><button type="submit">{{t('embed_make')}}</button></p>
  </fieldset>
</form>
% if data['script']:
<h2 id="code-script">{{t('embed_script_code')}}</h2>
<p>{{t('embed_script_hint')}}</p>
<pre class="snippet" tabindex="0" aria-labelledby="code-script"><code>{{data['script']}}</code></pre>
<h2 id="code-iframe">{{t('embed_iframe_code')}}</h2>
<pre class="snippet" tabindex="0" aria-labelledby="code-iframe"><code>{{data['iframe']}}</code></pre>
<h2>{{t('embed_preview')}}</h2>
<p>{{t('embed_preview_hint')}}</p>
<div class="embed-preview">
<div id="{{data['target']}}"></div>
<script src="{{href('/widget.js')}}" data-target="#{{data['target']}}"
% for name, value in data['preview']:
        {{name}}="{{value}}"
% end
        async></script>
</div>
% end
