<%
rebase('base.tpl', title=t('advanced_title'))
chosen_field = request.options.get('field', 'text')
chosen_group = request.options.get('group', '')
%>
<h1>{{t('advanced_title')}}</h1>
<p>{{t('advanced_intro')}}</p>
<form class="advanced" method="get" action="{{href('/search')}}" role="search">
  <div class="row">
    <label for="a-q">{{t('adv_words')}}</label>
    <input id="a-q" name="q" type="search" value="{{request.query}}" maxlength="{{query_max}}" aria-describedby="syntax-h">
  </div>
  <fieldset class="row">
    <legend>{{t('adv_scope')}}</legend>
% for value in ('text', 'title'):
    <span class="choice"><input type="radio" id="a-field-{{value}}" name="field" value="{{value}}"{{!' checked' if chosen_field == value else ''}}> <label for="a-field-{{value}}">{{t('adv_scope_' + value)}}</label></span>
% end
  </fieldset>
  <div class="row">
    <label for="a-issuer">{{t('adv_issuer')}}</label>
    <select id="a-issuer" name="issuer">
      <option value="">{{t('adv_any')}}</option>
% for body in data['bodies']:
      <option value="{{body['name']}}"{{!' selected' if first('issuer') == body['name'] else ''}}>{{'\u3000' * body['depth']}}{{term(body['name'])}}</option>
% end
    </select>
  </div>
  <fieldset class="row">
    <legend>{{t('adv_docno')}}</legend>
    <p class="hint" id="docno-hint">{{t('adv_docno_hint')}}</p>
    <span class="part"><label for="a-doc-prefix">{{t('adv_doc_prefix')}}</label>
      <input id="a-doc-prefix" name="doc_prefix" type="text" size="10" value="{{first('doc_prefix')}}" placeholder="{{t('adv_doc_prefix_hint')}}" aria-describedby="docno-hint"></span>
    <span class="part"><label for="a-doc-year">{{t('adv_doc_year')}}</label>
      <input id="a-doc-year" name="doc_year" type="text" inputmode="numeric" size="5" maxlength="4" value="{{first('doc_year')}}" aria-describedby="docno-hint"></span>
    <span class="part"><label for="a-doc-number">{{t('adv_doc_number')}}</label>
      <input id="a-doc-number" name="doc_number" type="text" inputmode="numeric" size="5" maxlength="7" value="{{first('doc_number')}}" aria-describedby="docno-hint"></span>
  </fieldset>
  <div class="row">
    <label for="a-year">{{t('adv_year')}}</label>
    <input id="a-year" name="year" type="text" size="14" value="{{first('year')}}" aria-describedby="year-hint">
    <p class="hint" id="year-hint">{{t('adv_year_hint')}}</p>
  </div>
% for legend, start, end in (('adv_dates', 'date_from', 'date_to'), ('adv_written', 'written_from', 'written_to')):
  <fieldset class="row">
    <legend>{{t(legend)}}</legend>
    <span class="part"><label for="a-{{start}}">{{t('adv_from')}}</label>
      <input id="a-{{start}}" name="{{start}}" type="date" value="{{first(start)}}" aria-describedby="date-hint-{{start}}"></span>
    <span class="part"><label for="a-{{end}}">{{t('adv_to')}}</label>
      <input id="a-{{end}}" name="{{end}}" type="date" value="{{first(end)}}" aria-describedby="date-hint-{{start}}"></span>
    <p class="hint" id="date-hint-{{start}}">{{t('adv_date_hint')}}</p>
  </fieldset>
% end
% for name, values in (('genre', data['genres']), ('topic', data['topics']), ('validity', data['validity']), ('disclosure', data['disclosure'])):
  <div class="row">
    <label for="a-{{name}}">{{t('facet_' + name)}}</label>
    <select id="a-{{name}}" name="{{name}}">
      <option value="">{{t('adv_any')}}</option>
%   for value in values:
      <option value="{{value}}"{{!' selected' if first(name) == value else ''}}>{{term(value)}}</option>
%   end
    </select>
  </div>
% end
  <div class="row">
    <label for="a-group">{{t('adv_group')}}</label>
    <select id="a-group" name="group">
      <option value="">{{t('adv_group_none')}}</option>
% for value in data['groups']:
      <option value="{{value}}"{{!' selected' if chosen_group == value else ''}}>{{t('group_by_' + value)}}</option>
% end
    </select>
  </div>
  <p class="buttons"><button type="submit">{{t('adv_submit')}}</button> <a href="{{href('/search/advanced')}}">{{t('adv_reset')}}</a></p>
</form>
<section class="syntax" aria-labelledby="syntax-h">
  <h2 id="syntax-h">{{t('syntax_title')}}</h2>
  <ul>
% for key in ('syntax_and', 'syntax_phrase', 'syntax_not', 'syntax_or', 'syntax_fields', 'syntax_docno', 'syntax_script'):
    <li>{{t(key)}}</li>
% end
  </ul>
</section>
