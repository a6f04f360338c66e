<form class="search" id="search" method="get" action="{{href('/search')}}" role="search">
  <label for="q">{{t('search_label')}}</label>
  <div class="searchrow">
    <input id="q" name="q" type="search" value="{{query}}" maxlength="{{query_max}}" aria-describedby="q-hint" autocomplete="off" list="q-suggestions">
    <button type="submit">{{t('search_button')}}</button>
  </div>
  <datalist id="q-suggestions"></datalist>
  <p id="q-hint" class="hint">{{t('search_hint')}}</p>
% if get('full'):
  <div class="sortrow">
    <label for="sort">{{t('sort_label')}}</label>
    <select id="sort" name="sort" data-autosubmit>
%   for sort in sorts:
      <option value="{{sort}}"{{!' selected' if request.sort == sort else ''}}>{{t('sort_' + sort)}}</option>
%   end
    </select>
    <button type="submit" class="apply">{{t('apply_filters')}}</button>
  </div>
%   if request.per_page_given:
  <input type="hidden" name="per_page" value="{{request.per_page}}">
%   end
% end
</form>
